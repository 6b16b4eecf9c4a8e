package io.fleetdeck.model;

import io.fleetdeck.model.MalformedPayloadException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompactTelemetryTest {
    private static final long T0 = 1_732_000_000_000L;
    private final PayloadCodec codec = new PayloadCodec();

    /** What a device's buffer holds: every sensor sampled in turn, so the sensors interleave. */
    private static TelemetryBatch interleaved(long seq, int readings, List<String> sensors, Random random,
                                              boolean jitter) {
        List<Reading> list = new ArrayList<>();
        long[] ts = new long[sensors.size()];
        Arrays.fill(ts, T0);
        for (int i = 0; i < readings; i++) {
            int s = i % sensors.size();
            ts[s] += jitter ? random.nextInt(2_001) - 500 : 10;
            list.add(new Reading(sensors.get(s), ts[s], 20 + random.nextDouble() * 30));
        }
        return new TelemetryBatch(seq, list);
    }

    /** The batch as the compact form carries it: grouped by sensor in order of first appearance. */
    private static List<Reading> bySensor(TelemetryBatch batch) {
        Map<String, List<Reading>> groups = new LinkedHashMap<>();
        batch.readings().forEach(r -> groups.computeIfAbsent(r.sensor(), s -> new ArrayList<>()).add(r));
        return groups.values().stream().flatMap(List::stream).toList();
    }

    private void assertRoundTrips(TelemetryBatch batch) throws MalformedPayloadException {
        byte[] payload = codec.encodeTelemetryCompact(batch);
        assertThat(payload[0]).isEqualTo(TelemetryEncoding.COMPACT_MAGIC);
        TelemetryBatch back = codec.decodeTelemetry(payload);
        assertThat(back.v()).isEqualTo(batch.v());
        assertThat(back.seq()).isEqualTo(batch.seq());
        assertThat(back.readings()).containsExactlyElementsOf(bySensor(batch));
        // Bit for bit, not just equal: the values travel as raw IEEE doubles.
        for (int i = 0; i < back.readings().size(); i++) {
            assertThat(Double.doubleToRawLongBits(back.readings().get(i).value()))
                    .isEqualTo(Double.doubleToRawLongBits(bySensor(batch).get(i).value()));
        }
        TelemetryColumns columns = codec.decodeTelemetryColumns(payload);
        assertThat(columns.toBatch()).isEqualTo(back);
        assertThat(codec.decodeTelemetryColumns(codec.encode(batch)).toBatch()).isEqualTo(back);
    }

    @Test
    void roundTripsABatchOfSeveralInterleavedSensors() throws Exception {
        assertRoundTrips(interleaved(7, 100, List.of("temperature", "soc-temp", "humidity", "pressure"),
                new Random(1), false));
    }

    @Test
    void roundTripsJitteredOutOfOrderAndEqualTimestamps() throws Exception {
        TelemetryBatch jittered = interleaved(8, 100, List.of("a", "b.c", "d_e"), new Random(2), true);
        assertRoundTrips(jittered);
        assertRoundTrips(new TelemetryBatch(9, List.of(new Reading("t", T0, 1), new Reading("t", T0, 2),
                new Reading("t", T0 - 86_400_000L, 3), new Reading("t", Long.MAX_VALUE, 4), new Reading("t", 1, 5))));
    }

    @Test
    void roundTripsOneReadingAndExtremeValues() throws Exception {
        assertRoundTrips(new TelemetryBatch(0, List.of(new Reading("soc", T0, 21.5))));
        assertRoundTrips(new TelemetryBatch(Long.MAX_VALUE, List.of(new Reading("x", 1, -0.0),
                new Reading("x", 2, Double.MIN_VALUE), new Reading("x", 3, Double.MAX_VALUE),
                new Reading("x", 4, -Double.MAX_VALUE), new Reading("x", 5, Math.PI), new Reading("x", 6, 0.1))));
    }

    @Test
    void roundTripsTheLargestBatchAsOneSensorOrAsManySensors() throws Exception {
        assertRoundTrips(interleaved(1, TelemetryBatch.MAX_READINGS, List.of("one"), new Random(3), true));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < TelemetryBatch.MAX_READINGS; i++) {
            many.add("s" + i);
        }
        assertRoundTrips(interleaved(2, TelemetryBatch.MAX_READINGS, many, new Random(4), false));
    }

    @Test
    void encodesTheExampleOfTheProtocolDocument() throws Exception {
        TelemetryBatch batch = new TelemetryBatch(42, List.of(new Reading("soc", 1_764_115_200_123L, 48.312),
                new Reading("gpio17", 1_764_115_200_125L, 1), new Reading("soc", 1_764_115_201_123L, 48.5)));
        byte[] compact = codec.encodeTelemetryCompact(batch);
        assertThat(HexFormat.ofDelimiter(" ").formatHex(compact)).isEqualTo("fd 01 2a 02 03 73 6f 63 02 7b b8 75 bd"
                + " 9a 01 00 00 d0 0f 0e 2d b2 9d ef 27 48 40 00 00 00 00 00 40 48 40 06 67 70 69 6f 31 37 01 7d b8 75"
                + " bd 9a 01 00 00 00 00 00 00 00 00 f0 3f");
        assertThat(compact).hasSize(59);
        assertThat(codec.encode(batch)).hasSize(180);
    }

        @Test
    void aGroupedBatchDecodesAsTheSameListFromEitherEncoding() throws Exception {
        TelemetryBatch batch = interleaved(5, 100, List.of("a", "b", "c"), new Random(6), true);
        TelemetryBatch grouped = batch.groupedBySensor();
        assertThat(grouped.readings()).containsExactlyElementsOf(bySensor(batch));
        assertThat(grouped.groupedBySensor()).isSameAs(grouped);
        assertThat(codec.decodeTelemetry(codec.encodeTelemetryCompact(grouped))).isEqualTo(grouped);
        assertThat(codec.decodeTelemetry(codec.encode(grouped))).isEqualTo(grouped);
        assertThat(codec.decodeTelemetry(codec.encodeTelemetryCompact(grouped)).readings().hashCode())
                .isEqualTo(codec.decodeTelemetry(codec.encode(grouped)).readings().hashCode());
    }

    @Test
    void isAFractionOfTheJsonSize() {
        TelemetryBatch batch = interleaved(7, 100, List.of("temperature", "soc-temp", "humidity", "pressure"),
                new Random(1), false);
        int json = codec.encode(batch).length;
        int compact = codec.encodeTelemetryCompact(batch).length;
        // 8 value bytes and a 1-byte delta per reading, plus a header per sensor.
        assertThat(compact).isLessThan(100 * 9 + 4 * 30).isLessThan(json / 4);
    }

    @Test
    void decodeTelemetryTellsTheEncodingsApartByTheFirstByte() throws Exception {
        TelemetryBatch batch = new TelemetryBatch(3, List.of(new Reading("soc", T0, 48.312)));
        byte[] json = codec.encodeTelemetry(batch, TelemetryEncoding.JSON);
        byte[] compact = codec.encodeTelemetry(batch, TelemetryEncoding.COMPACT);
        assertThat(TelemetryEncoding.of(json)).isEqualTo(TelemetryEncoding.JSON);
        assertThat(TelemetryEncoding.of(compact)).isEqualTo(TelemetryEncoding.COMPACT);
        assertThat(TelemetryEncoding.of((" " + new String(json, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(TelemetryEncoding.JSON);
        assertThat(codec.decodeTelemetry(json)).isEqualTo(batch);
        assertThat(codec.decodeTelemetry(compact)).isEqualTo(batch);
        assertThat(codec.decode(compact, TelemetryBatch.class)).isEqualTo(batch);
        assertThat(new String(json, StandardCharsets.UTF_8)).startsWith("{\"v\":1,");
    }

    @Test
    void reusesTheSensorIdStringAcrossBatches() throws Exception {
        TelemetryBatch batch = new TelemetryBatch(3, List.of(new Reading("soc", T0, 1)));
        byte[] payload = codec.encodeTelemetryCompact(batch);
        assertThat(codec.decodeTelemetry(payload).readings().getFirst().sensor())
                .isSameAs(codec.decodeTelemetry(payload).readings().getFirst().sensor());
    }

    @Test
    void aPayloadThatStartsWithAnotherByteIsReadAsJson() {
        assertThatThrownBy(() -> codec.decodeTelemetry(new byte[]{(byte) 0xFE, 1, 0}))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_JSON));
    }

    @Test
    void theCompactDecoderRefusesAnotherFirstByte() {
        byte[] json = codec.encode(new TelemetryBatch(3, List.of(new Reading("soc", T0, 1))));
        assertThatThrownBy(() -> new CompactTelemetry().decode(json))
                .isInstanceOfSatisfying(MalformedPayloadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.MALFORMED_BINARY);
                    assertThat(e.getMessage()).contains("first byte 0x7b is not the compact telemetry mark 0xfd");
                });
    }

    @Test
    void refusesEveryTruncation() {
        byte[] whole = codec.encodeTelemetryCompact(interleaved(300, 20, List.of("a", "bb"), new Random(5), true));
        for (int length = 1; length < whole.length; length++) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> codec.decodeTelemetry(cut)).as("first %d bytes", length)
                    .isInstanceOfSatisfying(MalformedPayloadException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.MALFORMED_BINARY);
                        assertThat(e.getMessage()).contains("truncated");
                    });
        }
    }

    @Test
    void refusesTrailingBytes() {
        byte[] whole = codec.encodeTelemetryCompact(new TelemetryBatch(1, List.of(new Reading("soc", T0, 1))));
        byte[] longer = Arrays.copyOf(whole, whole.length + 2);
        assertThatThrownBy(() -> codec.decodeTelemetry(longer))
                .isInstanceOfSatisfying(MalformedPayloadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.MALFORMED_BINARY);
                    assertThat(e.getMessage()).contains("2 trailing bytes");
                });
    }

    @Test
    void refusesAPayloadOverTheSizeLimit() {
        byte[] huge = new byte[Payloads.MAX_PAYLOAD_BYTES + 1];
        huge[0] = TelemetryEncoding.COMPACT_MAGIC;
        assertThatThrownBy(() -> codec.decodeTelemetry(huge))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    }

    /** Hand-made payloads: the encoder would never write these. */
    private static final class Payload {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        static Payload header(int version, long seq, long sensors) {
            return new Payload().u8(0xFD).u8(version).varint(seq).varint(sensors);
        }

        Payload u8(int b) {
            out.write(b);
            return this;
        }

        Payload varint(long value) {
            long rest = value;
            while ((rest & ~0x7fL) != 0) {
                out.write((int) ((rest & 0x7f) | 0x80));
                rest >>>= 7;
            }
            out.write((int) rest);
            return this;
        }

        Payload id(String id) {
            byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
            return u8(bytes.length).raw(bytes);
        }

        Payload int64(long value) {
            return raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
        }

        Payload float64(double value) {
            return int64(Double.doubleToRawLongBits(value));
        }

        Payload raw(byte... bytes) {
            out.writeBytes(bytes);
            return this;
        }

        /** One sensor group: id, count, first timestamp, then deltas of +1 and values of 1.0. */
        Payload group(String id, int count, long firstTs) {
            id(id).varint(count).int64(firstTs);
            for (int i = 1; i < count; i++) {
                varint(2);
            }
            for (int i = 0; i < count; i++) {
                float64(1.0);
            }
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    static Stream<Arguments> hostilePayloads() {
        return Stream.of(
                Arguments.of("well-formed control", Payload.header(1, 0, 1).group("soc", 3, T0), null, null),
                Arguments.of("version 2", Payload.header(2, 0, 1).group("soc", 1, T0), Reason.UNKNOWN_VERSION,
                        "version 2"),
                Arguments.of("version 0", Payload.header(0, 0, 1).group("soc", 1, T0), Reason.UNKNOWN_VERSION,
                        "version 0"),
                Arguments.of("negative seq", Payload.header(1, -5, 1).group("soc", 1, T0), Reason.INVALID_VALUE,
                        "seq is negative"),
                Arguments.of("no sensors", Payload.header(1, 0, 0), Reason.INVALID_VALUE, "not 0"),
                Arguments.of("too many sensors", Payload.header(1, 0, 1001).group("soc", 1, T0),
                        Reason.INVALID_VALUE, "not 1001"),
                Arguments.of("absurd sensor count", Payload.header(1, 0, -1L).group("soc", 1, T0),
                        Reason.INVALID_VALUE, "not 18446744073709551615"),
                Arguments.of("too many readings", Payload.header(1, 0, 1).group("soc", 1001, T0),
                        Reason.INVALID_VALUE, "1001 readings"),
                Arguments.of("too many readings in all", Payload.header(1, 0, 2).group("a", 600, T0)
                        .group("b", 401, T0), Reason.INVALID_VALUE, "401 readings"),
                Arguments.of("absurd reading count", Payload.header(1, 0, 1).id("soc").varint(Long.MAX_VALUE),
                        Reason.INVALID_VALUE, "9223372036854775807 readings"),
                Arguments.of("sensor with no readings", Payload.header(1, 0, 1).group("soc", 0, T0),
                        Reason.INVALID_VALUE, "0 readings"),
                Arguments.of("a wildcard in the id", Payload.header(1, 0, 1).group("a/#", 1, T0),
                        Reason.INVALID_VALUE, "invalid sensor id \"a/#\""),
                Arguments.of("an upper-case id", Payload.header(1, 0, 1).group("Soc", 1, T0),
                        Reason.INVALID_VALUE, "invalid sensor id"),
                Arguments.of("a non-ASCII id", Payload.header(1, 0, 1).group("t\u00e9", 1, T0),
                        Reason.INVALID_VALUE, "invalid sensor id"),
                Arguments.of("an empty id", Payload.header(1, 0, 1).group("", 1, T0), Reason.INVALID_VALUE,
                        "sensor id of 0 bytes"),
                Arguments.of("a 33-byte id", Payload.header(1, 0, 1).group("a".repeat(33), 1, T0),
                        Reason.INVALID_VALUE, "sensor id of 33 bytes"),
                Arguments.of("one sensor in two groups", Payload.header(1, 0, 2).group("soc", 1, T0)
                        .group("soc", 1, T0 + 1), Reason.INVALID_VALUE, "two groups"),
                Arguments.of("timestamp 0", Payload.header(1, 0, 1).group("soc", 1, 0), Reason.INVALID_VALUE,
                        "not positive"),
                Arguments.of("a delta below 1", Payload.header(1, 0, 1).id("soc").varint(2).int64(5).varint(9)
                        .float64(1).float64(1), Reason.INVALID_VALUE, "not positive: 0"),
                Arguments.of("a delta past Long.MAX_VALUE", Payload.header(1, 0, 1).id("soc").varint(2)
                        .int64(Long.MAX_VALUE).varint(2).float64(1).float64(1), Reason.INVALID_VALUE, "overflows"),
                Arguments.of("NaN", Payload.header(1, 0, 1).id("soc").varint(1).int64(T0).float64(Double.NaN),
                        Reason.INVALID_VALUE, "not finite: NaN"),
                Arguments.of("infinity", Payload.header(1, 0, 1).id("soc").varint(1).int64(T0)
                        .float64(Double.NEGATIVE_INFINITY), Reason.INVALID_VALUE, "not finite: -Infinity"),
                Arguments.of("an over-long varint", new Payload().u8(0xFD).u8(1).raw((byte) 0x85, (byte) 0x00)
                        .varint(1).group("soc", 1, T0), Reason.MALFORMED_BINARY, "over-long varint"),
                Arguments.of("a varint over 64 bits", new Payload().u8(0xFD).u8(1)
                        .raw((byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                                (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x02).varint(1).group("soc", 1, T0),
                        Reason.MALFORMED_BINARY, "over 64 bits"),
                Arguments.of("only the mark", new Payload().u8(0xFD), Reason.MALFORMED_BINARY, "truncated"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostilePayloads")
    void refusesHostileCompactPayloadsWithAClearReason(String what, Payload payload, Reason reason, String detail)
            throws Exception {
        byte[] bytes = payload.bytes();
        if (reason == null) {
            assertThat(codec.decodeTelemetry(bytes).readings()).hasSize(3);
            return;
        }
        assertThatThrownBy(() -> codec.decodeTelemetry(bytes))
                .isInstanceOfSatisfying(MalformedPayloadException.class, e -> {
                    assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
                    assertThat(e.payloadType()).isEqualTo("TelemetryBatch");
                    assertThat(e.getMessage()).contains(detail);
                });
        assertThatThrownBy(() -> codec.decodeTelemetryColumns(bytes)).isInstanceOf(MalformedPayloadException.class);
    }
}
