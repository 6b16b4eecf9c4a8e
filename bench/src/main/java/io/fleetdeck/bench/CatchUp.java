package io.fleetdeck.bench;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Waiting, after the load stopped, until a console has taken everything the broker held for it: the broker's backlog
 * is empty and the console's message and commit counters stood still for two seconds. Bounded: a console that does
 * not catch up in time is reported as such, and the recount then shows what it had not stored yet as lost.
 *
 * @param caughtUp      whether the console caught up within the bound
 * @param seconds       how long it took (or the bound)
 * @param brokerBacklog messages the broker still held for sessions at the end; -1 if it never said
 */
record CatchUp(boolean caughtUp, double seconds, long brokerBacklog) {

    /** For a console with its own broker: no broker queue to watch, the load generator already has its PUBACKs. */
    static CatchUp awaitQuiet(ChildJvm console, int maxSeconds) throws InterruptedException {
        return await(console, () -> 0, maxSeconds);
    }

    static CatchUp await(ChildJvm console, BrokerBacklog backlog, int maxSeconds) throws InterruptedException {
        return await(console, backlog::queuedMessages, maxSeconds);
    }

    private static CatchUp await(ChildJvm console, LongSupplier backlog, int maxSeconds) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(maxSeconds);
        String last = null;
        int stillFor = 0;
        while (System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            String now = progress(console);
            stillFor = now.equals(last) ? stillFor + 1 : 0;
            last = now;
            if (stillFor >= 2 && backlog.getAsLong() == 0) {
                return new CatchUp(true, (System.nanoTime() - start) / 1e9, 0);
            }
        }
        return new CatchUp(false, maxSeconds, backlog.getAsLong());
    }

    /** Messages and committed readings; decoded readings move with messages. */
    private static String progress(ChildJvm console) {
        String[] parts = console.result("progress").split(" ");
        return parts[0] + " " + parts[2];
    }
}
