package io.fleetdeck.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A {@code TelemetryBatch} JSON payload encoded once, with the timestamps patched per message. Encoding each batch
 * with Jackson would cost the load generator about as much CPU as decoding costs the console, on the same two
 * cores; patching fixed-width 13-digit timestamps keeps the generator cheap while every reading stays unique per
 * sensor and timestamp (so SQLite inserts, not ignores, it).
 */
final class TelemetryTemplate {
    static final List<String> SENSORS = List.of("temperature", "soc-temp", "humidity", "pressure");
    private static final int TS_DIGITS = 13;

    private final byte[] body;
    private final int[] tsPositions;
    private final int[] tsOffsets;
    private final int readings;

    /** {@code readings} per batch, cycling over the four simulated sensors; values shaped like the simulator's. */
    TelemetryTemplate(int readings, long seed) {
        if (readings % SENSORS.size() != 0) {
            throw new IllegalArgumentException("readings per batch must be a multiple of " + SENSORS.size());
        }
        this.readings = readings;
        Random random = new Random(seed);
        StringBuilder json = new StringBuilder("\"readings\":[");
        List<Integer> positions = new ArrayList<>();
        tsOffsets = new int[readings];
        for (int i = 0; i < readings; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"sensor\":\"").append(SENSORS.get(i % SENSORS.size())).append("\",\"ts\":");
            positions.add(json.length());
            json.append("0".repeat(TS_DIGITS));
            // Full-precision doubles, as Jackson writes the simulator's noisy sine values.
            json.append(",\"value\":").append(String.format(Locale.ROOT, "%s", 20 + random.nextDouble() * 30))
                    .append('}');
            tsOffsets[i] = i / SENSORS.size();
        }
        json.append("]}");
        body = json.toString().getBytes(StandardCharsets.US_ASCII);
        tsPositions = positions.stream().mapToInt(Integer::intValue).toArray();
    }

    int readings() {
        return readings;
    }

    /** Distinct timestamps one batch uses per sensor; the next batch of the device starts that much later. */
    int timestampsPerBatch() {
        return readings / SENSORS.size();
    }

    /** A fresh payload (Paho keeps it until the PUBACK) for batch {@code seq} whose first timestamp is firstTs. */
    byte[] payload(long seq, long firstTs) {
        byte[] header = ("{\"v\":1,\"seq\":" + seq + ",").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[header.length + body.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(body, 0, out, header.length, body.length);
        for (int i = 0; i < tsPositions.length; i++) {
            writeDigits(out, header.length + tsPositions[i], firstTs + tsOffsets[i]);
        }
        return out;
    }

    private static void writeDigits(byte[] out, int at, long value) {
        long rest = value;
        for (int i = TS_DIGITS - 1; i >= 0; i--) {
            out[at + i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        if (rest != 0) {
            throw new IllegalArgumentException("timestamp " + value + " has more than " + TS_DIGITS + " digits");
        }
    }
}
