package io.fleetdeck.model;

import io.fleetdeck.model.MalformedPayloadException.Reason;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The compact binary form of a {@link TelemetryBatch} ({@link TelemetryEncoding#COMPACT}); docs/protocol.md has the
 * layout byte by byte:
 *
 * <pre>
 * 0xFD | version u8 | seq uvarint | sensors uvarint |
 *   per sensor: id length u8 | id (ASCII) | readings uvarint | first ts int64 LE |
 *               (readings-1) ts deltas, zigzag varint | readings × value float64 LE
 * </pre>
 *
 * Decoding is as strict as the JSON path: the same id, count, timestamp and finiteness rules, plus canonical varints
 * and no trailing bytes, so a payload has exactly one meaning. Sensor ids are decoded once per group and reused from
 * a small cache across batches, so a steady stream of batches allocates no strings. Thread-safe.
 */
final class CompactTelemetry {
    private static final String TYPE = TelemetryBatch.class.getSimpleName();
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    /** Same as {@link Identifiers#SENSOR_ID}: 1 to 32 ASCII characters. */
    static final int MAX_ID_BYTES = 32;
    private static final int CACHE_SLOTS = 256;
    /** Ids seen recently, by hash of their bytes; races only cost a re-decode, as Strings are immutable. */
    private final String[] idCache = new String[CACHE_SLOTS];

    byte[] encode(TelemetryBatch batch) {
        TelemetryColumns columns = TelemetryColumns.of(batch);
        int bound = 2 + 10 + 5;
        for (int g = 0; g < columns.sensorCount(); g++) {
            int count = columns.end(g) - columns.start(g);
            bound += 1 + columns.sensor(g).length() + 5 + 8 + (count - 1) * 10 + count * 8;
        }
        byte[] out = new byte[bound];
        out[0] = TelemetryEncoding.COMPACT_MAGIC;
        out[1] = (byte) batch.v();
        int at = writeVarint(out, 2, batch.seq());
        at = writeVarint(out, at, columns.sensorCount());
        for (int g = 0; g < columns.sensorCount(); g++) {
            byte[] id = columns.sensor(g).getBytes(StandardCharsets.US_ASCII);
            out[at++] = (byte) id.length;
            System.arraycopy(id, 0, out, at, id.length);
            at += id.length;
            int start = columns.start(g);
            int end = columns.end(g);
            at = writeVarint(out, at, end - start);
            LONG_LE.set(out, at, columns.timestamp(start));
            at += 8;
            for (int i = start + 1; i < end; i++) {
                long delta = columns.timestamp(i) - columns.timestamp(i - 1);
                at = writeVarint(out, at, (delta << 1) ^ (delta >> 63));
            }
            for (int i = start; i < end; i++) {
                LONG_LE.set(out, at, Double.doubleToRawLongBits(columns.value(i)));
                at += 8;
            }
        }
        return Arrays.copyOf(out, at);
    }

    TelemetryBatch decode(byte[] payload) throws MalformedPayloadException {
        return decodeColumns(payload).toBatch();
    }

    TelemetryColumns decodeColumns(byte[] payload) throws MalformedPayloadException {
        if (payload == null || payload.length == 0) {
            throw malformed("empty payload");
        }
        if (payload.length > Payloads.MAX_PAYLOAD_BYTES) {
            throw new MalformedPayloadException(Reason.TOO_LARGE, TYPE,
                    payload.length + " bytes, limit " + Payloads.MAX_PAYLOAD_BYTES, null);
        }
        if (payload[0] != TelemetryEncoding.COMPACT_MAGIC) {
            throw malformed(String.format("first byte 0x%02x is not the compact telemetry mark 0xfd",
                    payload[0] & 0xff));
        }
        return new Reader(payload).batch();
    }

    /** One pass over one payload; offsets in messages count from the payload's first byte. */
    private final class Reader {
        private final byte[] in;
        private int at;

        Reader(byte[] in) {
            this.in = in;
            this.at = 1;
        }

        TelemetryColumns batch() throws MalformedPayloadException {
            need(1, "the protocol version");
            int version = in[at++] & 0xff;
            if (version != ProtocolVersion.CURRENT) {
                throw new MalformedPayloadException(Reason.UNKNOWN_VERSION, TYPE,
                        "version " + version + ", this side speaks v" + ProtocolVersion.CURRENT, null);
            }
            long seq = varint("seq");
            if (seq < 0) {
                throw invalid("seq is negative: " + seq);
            }
            long groups = varint("the sensor count");
            if (groups < 1 || groups > TelemetryBatch.MAX_READINGS) {
                throw invalid("a batch holds 1.." + TelemetryBatch.MAX_READINGS + " readings, so 1.."
                        + TelemetryBatch.MAX_READINGS + " sensors, not " + Long.toUnsignedString(groups));
            }
            // Every reading costs at least its 8 value bytes: the arrays never need to be larger than that.
            int capacity = Math.min(TelemetryBatch.MAX_READINGS, (in.length - at) / 8);
            long[] timestamps = new long[capacity];
            double[] values = new double[capacity];
            String[] sensors = new String[(int) groups];
            int[] starts = new int[(int) groups + 1];
            Set<String> seen = groups > 8 ? new HashSet<>() : null;
            int total = 0;
            for (int g = 0; g < groups; g++) {
                String sensor = sensorId();
                requireNew(sensors, g, seen, sensor);
                sensors[g] = sensor;
                long count = varint("the reading count of " + sensor);
                if (count < 1 || count > TelemetryBatch.MAX_READINGS - total) {
                    throw invalid("sensor " + sensor + " has " + Long.toUnsignedString(count)
                            + " readings; a batch holds 1.." + TelemetryBatch.MAX_READINGS + " readings in all");
                }
                int n = (int) count;
                // First timestamp, at least a byte per further delta, and the values.
                need(8 + (n - 1) + 8L * n, n + " readings of " + sensor);
                long ts = (long) LONG_LE.get(in, at);
                at += 8;
                requirePositive(sensor, ts);
                timestamps[total] = ts;
                for (int i = 1; i < n; i++) {
                    long zigzag = varint("a timestamp delta of " + sensor);
                    long delta = (zigzag >>> 1) ^ -(zigzag & 1);
                    long next = ts + delta;
                    if (((ts ^ next) & (delta ^ next)) < 0) {
                        throw invalid("timestamp of " + sensor + " overflows at reading " + i);
                    }
                    ts = next;
                    requirePositive(sensor, ts);
                    timestamps[total + i] = ts;
                }
                need(8L * n, n + " values of " + sensor);
                for (int i = 0; i < n; i++) {
                    double value = Double.longBitsToDouble((long) LONG_LE.get(in, at));
                    at += 8;
                    if (!Double.isFinite(value)) {
                        throw invalid("value of " + sensor + " is not finite: " + value);
                    }
                    values[total + i] = value;
                }
                total += n;
                starts[g + 1] = total;
            }
            if (at != in.length) {
                throw malformed((in.length - at) + " trailing bytes after the last sensor, at offset " + at);
            }
            return new TelemetryColumns(version, seq, sensors, starts, timestamps, values);
        }

        private String sensorId() throws MalformedPayloadException {
            need(1, "a sensor id length");
            int length = in[at++] & 0xff;
            if (length < 1 || length > MAX_ID_BYTES) {
                throw invalid("sensor id of " + length + " bytes at offset " + (at - 1) + "; ids have 1.."
                        + MAX_ID_BYTES);
            }
            need(length, "a sensor id");
            int hash = 0;
            for (int i = 0; i < length; i++) {
                hash = 31 * hash + in[at + i];
            }
            int slot = (hash ^ (hash >>> 8)) & (CACHE_SLOTS - 1);
            String cached = idCache[slot];
            if (cached != null && sameAscii(cached, length)) {
                at += length;
                return cached;
            }
            String id = new String(in, at, length, StandardCharsets.UTF_8);
            try {
                Identifiers.requireSensorId(id);
            } catch (InvalidIdentifierException e) {
                throw new MalformedPayloadException(Reason.INVALID_VALUE, TYPE, e.getMessage() + " at offset " + at,
                        e);
            }
            at += length;
            idCache[slot] = id;
            return id;
        }

        private boolean sameAscii(String cached, int length) {
            if (cached.length() != length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (cached.charAt(i) != in[at + i]) {
                    return false;
                }
            }
            return true;
        }

        /** Unsigned LEB128, at most 10 bytes, shortest form only. */
        private long varint(String what) throws MalformedPayloadException {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                need(1, what);
                int b = in[at++] & 0xff;
                if (shift == 63 && b > 1) {
                    throw malformed(what + " is a varint over 64 bits, at offset " + (at - 1));
                }
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    if (b == 0 && shift > 0) {
                        throw malformed(what + " is an over-long varint, at offset " + (at - 1));
                    }
                    return value;
                }
            }
            throw malformed(what + " is a varint over 10 bytes, at offset " + (at - 1));
        }

        private void need(long bytes, String what) throws MalformedPayloadException {
            if (in.length - at < bytes) {
                throw malformed("truncated: " + what + " needs " + bytes + " bytes at offset " + at + ", "
                        + (in.length - at) + " left");
            }
        }
    }

    private static void requireNew(String[] sensors, int count, Set<String> seen, String sensor)
            throws MalformedPayloadException {
        boolean repeated;
        if (seen != null) {
            repeated = !seen.add(sensor);
        } else {
            repeated = false;
            for (int i = 0; i < count && !repeated; i++) {
                repeated = sensors[i].equals(sensor);
            }
        }
        if (repeated) {
            throw invalid("sensor " + sensor + " has two groups; each sensor's readings come in one");
        }
    }

    private static void requirePositive(String sensor, long ts) throws MalformedPayloadException {
        if (ts <= 0) {
            throw invalid("timestamp of " + sensor + " is not positive: " + ts);
        }
    }

    private static int writeVarint(byte[] out, int at, long value) {
        long rest = value;
        while ((rest & ~0x7fL) != 0) {
            out[at++] = (byte) ((rest & 0x7f) | 0x80);
            rest >>>= 7;
        }
        out[at++] = (byte) rest;
        return at;
    }

    private static MalformedPayloadException malformed(String detail) {
        return new MalformedPayloadException(Reason.MALFORMED_BINARY, TYPE, detail, null);
    }

    private static MalformedPayloadException invalid(String detail) {
        return new MalformedPayloadException(Reason.INVALID_VALUE, TYPE, detail, null);
    }
}
