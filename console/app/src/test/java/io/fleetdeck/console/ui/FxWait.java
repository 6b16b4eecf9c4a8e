package io.fleetdeck.console.ui;

import javafx.application.Platform;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Waits for a condition on the scene, asked on the FX thread. The views apply a pulse's changes in one go on that
 * thread; a test thread reading labels while a pulse is half applied can see one label updated and the next not yet
 * (a tile saying "adopted" while the bar still counts it as adoptable), and fail a test that is right.
 */
public final class FxWait {
    private FxWait() {
    }

    /** Waits up to {@code timeout} for {@code condition}; the error names {@code what} and {@code context}. */
    public static void until(String what, Duration timeout, Callable<Boolean> condition, Supplier<String> context)
            throws Exception {
        if (Platform.isFxApplicationThread()) {
            throw new IllegalStateException("waiting for \"" + what + "\" on the FX thread would block it");
        }
        try {
            WaitForAsyncUtils.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS,
                    () -> WaitForAsyncUtils.asyncFx(condition).get(30, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            String more = context.get();
            throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what
                    + (more.isEmpty() ? "" : "; " + more), e);
        }
    }

    /** Waits up to {@code timeout} for {@code condition}. */
    public static void until(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        until(what, timeout, condition, () -> "");
    }
}
