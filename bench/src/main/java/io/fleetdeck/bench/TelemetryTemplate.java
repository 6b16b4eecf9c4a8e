package io.fleetdeck.bench;

import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.ProtocolVersion;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.TelemetryBatch;
import io.fleetdeck.model.TelemetryEncoding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A {@code TelemetryBatch} payload encoded once, with the timestamps patched per message. Encoding each batch
 * with Jackson would cost the load generator about as much CPU as decoding costs the console, on the same two
 * cores; patching fixed-width 13-digit timestamps keeps the generator cheap while every reading stays unique per
 * sensor and timestamp (so SQLite inserts, not ignores, it). The compact form is patched the same way: each
 * sensor's first timestamp is a fixed 8-byte field there, and the deltas after it never change.
 */
final class TelemetryTemplate {
    static final List<String> SENSORS = List.of("temperature", "soc-temp", "humidity", "pressure");
    private static final int TS_DIGITS = 13;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private final TelemetryEncoding encoding;
    private final byte[] body;
    private final int[] tsPositions;
    private final int[] tsOffsets;
    private final int readings;

    /** JSON batches; see {@link #TelemetryTemplate(int, long, TelemetryEncoding)}. */
    TelemetryTemplate(int readings, long seed) {
        this(readings, seed, TelemetryEncoding.JSON);
    }

    /**
     * {@code readings} per batch, cycling over the four simulated sensors; values shaped like the simulator's,
     * full-precision doubles, the same in both encodings.
     */
    TelemetryTemplate(int readings, long seed, TelemetryEncoding encoding) {
        if (readings % SENSORS.size() != 0) {
            throw new IllegalArgumentException("readings per batch must be a multiple of " + SENSORS.size());
        }
        this.readings = readings;
        this.encoding = encoding;
        Random random = new Random(seed);
        if (encoding == TelemetryEncoding.COMPACT) {
            double[] values = new double[readings];
            for (int i = 0; i < readings; i++) {
                values[i] = 20 + random.nextDouble() * 30;
            }
            body = compactBody(values);
            tsPositions = compactTimestampPositions();
            tsOffsets = new int[SENSORS.size()];
            return;
        }
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

    /**
     * The compact payload of seq 0 after its 4-byte header (mark, version, seq 0, sensor count), encoded by the
     * protocol's own codec: the groups, with placeholder first timestamps and deltas of 1 ms.
     */
    private byte[] compactBody(double[] values) {
        List<Reading> list = new ArrayList<>();
        for (int i = 0; i < readings; i++) {
            list.add(new Reading(SENSORS.get(i % SENSORS.size()), 1 + i / SENSORS.size(), values[i]));
        }
        byte[] whole = new PayloadCodec().encodeTelemetryCompact(new TelemetryBatch(0, list));
        return Arrays.copyOfRange(whole, 4, whole.length);
    }

    /** Where each sensor's first timestamp sits in {@link #body}: after its id and its reading count. */
    private int[] compactTimestampPositions() {
        int perSensor = readings / SENSORS.size();
        int[] positions = new int[SENSORS.size()];
        int at = 0;
        for (int s = 0; s < SENSORS.size(); s++) {
            at += 1 + SENSORS.get(s).length() + varintLength(perSensor);
            positions[s] = at;
            // The timestamp, one byte per delta of 1 ms, 8 bytes per value.
            at += 8 + (perSensor - 1) + 8 * perSensor;
        }
        if (at != body.length) {
            throw new IllegalStateException("compact layout: expected " + at + " body bytes, the codec wrote "
                    + body.length);
        }
        return positions;
    }

    private static int varintLength(long value) {
        int length = 1;
        for (long rest = value >>> 7; rest != 0; rest >>>= 7) {
            length++;
        }
        return length;
    }

    TelemetryEncoding encoding() {
        return encoding;
    }

    /** A fresh payload (Paho keeps it until the PUBACK) for batch {@code seq} whose first timestamp is firstTs. */
    byte[] payload(long seq, long firstTs) {
        if (encoding == TelemetryEncoding.COMPACT) {
            return compactPayload(seq, firstTs);
        }
        byte[] header = ("{\"v\":1,\"seq\":" + seq + ",").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[header.length + body.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(body, 0, out, header.length, body.length);
        for (int i = 0; i < tsPositions.length; i++) {
            writeDigits(out, header.length + tsPositions[i], firstTs + tsOffsets[i]);
        }
        return out;
    }

    private byte[] compactPayload(long seq, long firstTs) {
        byte[] out = new byte[2 + varintLength(seq) + 1 + body.length];
        out[0] = TelemetryEncoding.COMPACT_MAGIC;
        out[1] = (byte) ProtocolVersion.CURRENT;
        int at = 2;
        long rest = seq;
        while ((rest & ~0x7fL) != 0) {
            out[at++] = (byte) ((rest & 0x7f) | 0x80);
            rest >>>= 7;
        }
        out[at++] = (byte) rest;
        out[at++] = (byte) SENSORS.size();
        System.arraycopy(body, 0, out, at, body.length);
        for (int position : tsPositions) {
            LONG_LE.set(out, at + position, firstTs);
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
