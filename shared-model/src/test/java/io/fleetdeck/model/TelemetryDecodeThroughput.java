package io.fleetdeck.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Decode throughput of 100-reading telemetry batches, JSON against compact, single-threaded, in readings/s; prints
 * figures, asserts nothing. Run from the repository root (the argument is seconds per measurement):
 * <pre>
 * m -o -q -pl shared-model test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/wire-cp.txt
 * java -cp shared-model/target/classes:shared-model/target/test-classes:$(cat /tmp/wire-cp.txt) \
 *     io.fleetdeck.model.TelemetryDecodeThroughput 5
 * </pre>
 */
public final class TelemetryDecodeThroughput {
    private static final int BATCHES = 4096;
    private static final int READINGS = 100;
    private static final List<String> SENSORS = List.of("temperature", "soc-temp", "humidity", "pressure");

    private TelemetryDecodeThroughput() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        PayloadCodec codec = new PayloadCodec();
        Random random = new Random(42);
        byte[][] json = new byte[BATCHES][];
        byte[][] compact = new byte[BATCHES][];
        long jsonBytes = 0;
        long compactBytes = 0;
        for (int b = 0; b < BATCHES; b++) {
            List<Reading> readings = new ArrayList<>();
            long ts = 1_764_000_000_000L + b * 25L;
            for (int i = 0; i < READINGS; i++) {
                // As the daemon's buffer holds them: sensors interleaved, full-precision noisy values.
                readings.add(new Reading(SENSORS.get(i % 4), ts + i / 4, 20 + random.nextDouble() * 30));
            }
            TelemetryBatch batch = new TelemetryBatch(b, readings);
            json[b] = codec.encodeTelemetry(batch, TelemetryEncoding.JSON);
            compact[b] = codec.encodeTelemetry(batch, TelemetryEncoding.COMPACT);
            jsonBytes += json[b].length;
            compactBytes += compact[b].length;
        }
        System.out.printf("bytes per reading: JSON %.1f, compact %.1f%n", jsonBytes / (double) BATCHES / READINGS,
                compactBytes / (double) BATCHES / READINGS);
        for (int round = 0; round < 2; round++) {
            String label = round == 0 ? "warm-up  " : "measured ";
            System.out.printf("%s JSON    -> TelemetryBatch   %,12.0f readings/s%n", label,
                    rate(seconds, json, p -> codec.decodeTelemetry(p).readings().size()));
            System.out.printf("%s compact -> TelemetryBatch   %,12.0f readings/s%n", label,
                    rate(seconds, compact, p -> codec.decodeTelemetry(p).readings().size()));
            System.out.printf("%s compact -> TelemetryColumns %,12.0f readings/s%n", label,
                    rate(seconds, compact, p -> codec.decodeTelemetryColumns(p).readingCount()));
        }
    }

    private interface Decode {
        int readings(byte[] payload) throws MalformedPayloadException;
    }

    private static double rate(double seconds, byte[][] payloads, Decode decode) throws MalformedPayloadException {
        long readings = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        int i = 0;
        do {
            for (int k = 0; k < 256; k++) {
                readings += decode.readings(payloads[i]);
                i = (i + 1) % payloads.length;
            }
            now = System.nanoTime();
        } while (now < end);
        return readings / ((now - start) / 1e9);
    }
}
