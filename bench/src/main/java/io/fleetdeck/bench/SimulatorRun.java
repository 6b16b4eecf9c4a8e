package io.fleetdeck.bench;

import io.fleetdeck.simulator.SimulatedFleet;

/**
 * Load generator for the fixed-load phase: the daemon's own {@link SimulatedFleet} (the code {@code fleetdeckd
 * simulate} runs: one sampler thread per sensor, batching, QoS 1 window, retries) for {@code --seconds}, then a
 * normal close that flushes buffered readings. Unlike {@code fleetdeckd simulate} it ends by itself and prints the
 * fleet's exact acknowledged count, which the runner compares with what the console committed.
 */
public final class SimulatorRun {
    private SimulatorRun() {
    }

    public static void main(String[] argv) throws InterruptedException {
        Args args = new Args(argv);
        int seconds = args.integer("seconds");
        SimulatedFleet fleet = SimulatedFleet.start(args.text("broker"), args.integer("devices"),
                args.decimal("rate"), args.text("prefix"));
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            ResultLines.put("acked", fleet.publishedReadings());
            ResultLines.put("connected", fleet.connectedDevices());
        }
        fleet.close();
        ResultLines.put("window-full-retries", fleet.windowFullRetries());
        // A batch the console committed but whose PUBACK had not arrived when the fleet closed is stored and not
        // counted as acknowledged: the recount allows at most this many extra readings.
        ResultLines.put("unacknowledged", fleet.unacknowledgedReadings());
        ResultLines.put("total", fleet.publishedReadings());
    }
}
