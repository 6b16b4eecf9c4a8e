package io.fleetdeck.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a generous deadline, so tests assert behaviour rather than timing. */
public final class Poll {
    private Poll() {
    }

    public static void until(String what, Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + deadline.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /** Polls until {@code supplier} returns non-null and returns it. */
    public static <T> T value(String what, Duration deadline, Supplier<T> supplier) {
        Object[] holder = new Object[1];
        until(what, deadline, () -> (holder[0] = supplier.get()) != null);
        @SuppressWarnings("unchecked")
        T value = (T) holder[0];
        return value;
    }
}
