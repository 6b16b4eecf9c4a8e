package io.fleetdeck.console.history.chunk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkCodecTest {
    private static final long START = 1_764_763_200_000L; // 2025-12-03T12:00:00Z
    private static final long HOUR = 3_600_000L;
    private static final long YEAR = 365L * 24 * HOUR;

    @Test
    void anUnpackedChunkDecodesLikeAPackedOneAndRefusesDamage() {
        long[] ts = {START, START + 10, START + 25};
        double[] values = {-0.0, 21.37, Double.MIN_VALUE};
        byte[] unpacked = ChunkCodec.encodeUnpacked(ts, values, 3);

        assertThat(ChunkCodec.count(unpacked)).isEqualTo(3);
        long[] readTs = new long[3];
        double[] readValues = new double[3];
        assertThat(ChunkCodec.decode(unpacked, readTs, readValues)).isEqualTo(3);
        assertThat(readTs).containsExactly(ts);
        assertThat(Arrays.stream(readValues).mapToLong(Double::doubleToRawLongBits).toArray())
                .containsExactly(Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray());
        List<Long> seen = new ArrayList<>();
        assertThat(ChunkCodec.decode(unpacked, START + 10, START + 25, (t, v) -> seen.add(t))).isEqualTo(2);
        assertThat(seen).containsExactly(START + 10, START + 25);

        assertThatThrownBy(() -> ChunkCodec.count(Arrays.copyOf(unpacked, unpacked.length - 1)))
                .isInstanceOf(ChunkEncodingException.class);
        byte[] backwards = unpacked.clone();
        backwards[5 + 7] = (byte) 0xFF; // the first timestamp's low byte: now after the second
        assertThatThrownBy(() -> ChunkCodec.decode(backwards, readTs, readValues))
                .isInstanceOf(ChunkEncodingException.class);
        assertThatThrownBy(() -> ChunkCodec.encodeUnpacked(ts, new double[]{1, Double.NaN, 2}, 3))
                .isInstanceOf(ChunkEncodingException.class);
    }

    @Test
    void roundTripsRegularTimestamps() {
        long[] ts = regular(1000, START, 10);
        double[] values = noisySine(1000, new Random(1));

        roundTrip(ts, values);
    }

    @Test
    void regularTimestampsCostAboutOneBitEach() {
        long[] ts = regular(4000, START, 10);
        double[] values = new double[4000];
        Arrays.fill(values, 3.5);

        byte[] blob = ChunkCodec.encode(ts, values, 4000);

        // one bit per timestamp, one per unchanged value, plus header and first values
        assertThat(blob.length).isLessThan(4000 * 2 / 8 + 40);
    }

    @Test
    void roundTripsJitteredTimestamps() {
        Random random = new Random(2);
        long[] ts = new long[2000];
        ts[0] = START;
        for (int i = 1; i < ts.length; i++) {
            ts[i] = ts[i - 1] + 1000 + random.nextInt(-40, 41);
        }

        roundTrip(ts, noisySine(ts.length, random));
    }

    @Test
    void roundTripsAGapOfHoursAfterAReboot() {
        long[] ts = regular(600, START, 1000);
        for (int i = 300; i < ts.length; i++) {
            ts[i] += 7 * HOUR + 123;
        }

        roundTrip(ts, temperatures(ts.length, new Random(3)));
    }

    @Test
    void aRebootGapDoesNotMakeTheRegularTimestampsExpensive() {
        long[] ts = regular(1000, START, 1000);
        for (int i = 500; i < ts.length; i++) {
            ts[i] += 5 * HOUR;
        }
        double[] values = new double[1000];

        byte[] blob = ChunkCodec.encode(ts, values, 1000);

        assertThat(blob.length).isLessThan(1000 * 2 / 8 + 60);
    }

    @Test
    void roundTripsDeltasOfYears() {
        long[] ts = {0, 1, 3 * YEAR, 3 * YEAR + 10, 40 * YEAR, 41 * YEAR, 300 * YEAR};

        roundTrip(ts, new double[] {1, 2, 3, 4, 5, 6, 7});
    }

    @Test
    void roundTripsTimestampsAtTheLimitsOfLong() {
        roundTrip(new long[] {0, Long.MAX_VALUE}, new double[] {1.5, 2.5});
        roundTrip(new long[] {0, 1, Long.MAX_VALUE - 1, Long.MAX_VALUE}, new double[] {1, 2, 3, 4});
        roundTrip(new long[] {Long.MAX_VALUE - 2, Long.MAX_VALUE}, new double[] {-1, 1});
        roundTrip(new long[] {Long.MAX_VALUE}, new double[] {0.25});
    }

    @Test
    void roundTripsRandomDoubles() {
        Random random = new Random(4);
        double[] values = new double[3000];
        for (int i = 0; i < values.length; i++) {
            double value;
            do {
                value = Double.longBitsToDouble(random.nextLong());
            } while (!Double.isFinite(value));
            values[i] = value;
        }

        byte[] blob = roundTrip(regular(values.length, START, 250), values);

        assertThat(blob[0]).isEqualTo((byte) XorValues.ENCODING);
    }

    @Test
    void roundTripsNoisySensorValues() {
        Random random = new Random(5);
        double[] values = new double[3000];
        for (int i = 0; i < values.length; i++) {
            values[i] = 230 + 3 * random.nextGaussian();
        }

        roundTrip(regular(values.length, START, 100), values);
    }

    @Test
    void storesTwoDecimalTemperaturesAsScaledDecimalsInUnderTwoBytesEach() {
        double[] values = temperatures(1000, new Random(6));

        byte[] blob = roundTrip(regular(values.length, START, 1000), values);

        assertThat(blob[0]).isEqualTo((byte) ScaledDecimalValues.ENCODING);
        assertThat(blob.length).isLessThan(2 * values.length);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void roundTripsScaledDecimalsWithEachNumberOfDecimals(int decimals) {
        Random random = new Random(decimals);
        double scale = Math.pow(10, decimals);
        double[] values = new double[500];
        long k = random.nextLong(-1_000_000, 1_000_000);
        for (int i = 0; i < values.length; i++) {
            k += random.nextInt(-30, 31);
            values[i] = k / scale;
        }

        byte[] blob = roundTrip(regular(values.length, START, 1000), values);

        assertThat(blob[0]).isEqualTo((byte) ScaledDecimalValues.ENCODING);
    }

    @Test
    void pressureWithOneDecimalIsAScaledDecimal() {
        double[] values = {1013.2, 1013.3, 1013.2, 1013.1, 1012.9, 1013.0, 1013.2};

        byte[] blob = roundTrip(regular(values.length, START, 60_000), values);

        assertThat(blob[0]).isEqualTo((byte) ScaledDecimalValues.ENCODING);
    }

    @Test
    void roundTripsValuesNearTheLimits() {
        double[] values = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_VALUE,
                Double.MIN_NORMAL, (double) Long.MAX_VALUE, (double) Long.MIN_VALUE, 9.007199254740993E15,
                9.007199254740992E15, -9.007199254740992E15, 1e300, -1e-300, 0.0};

        roundTrip(regular(values.length, START, 10), values);
    }

    @Test
    void roundTripsLargeScaledIntegersNearTheLimitsOfLong() {
        roundTrip(regular(3, START, 10), new double[] {(double) Long.MAX_VALUE, (double) Long.MIN_VALUE, 0});
        roundTrip(regular(3, START, 10), new double[] {9e18, -9e18, 9e18});
        roundTrip(regular(3, START, 10), new double[] {9007199254740992.0, -9007199254740992.0, 1});
        roundTrip(regular(2, START, 10), new double[] {922337203685.4775, -922337203685.4775});
    }

    @Test
    void roundTripsConstantValues() {
        double[] values = new double[1000];
        Arrays.fill(values, 21.37);

        byte[] blob = roundTrip(regular(values.length, START, 10), values);

        assertThat(blob.length).isLessThan(values.length / 4 + 40);
    }

    @Test
    void roundTripsASingleReading() {
        roundTrip(new long[] {START}, new double[] {21.37});
        roundTrip(new long[] {0}, new double[] {Math.PI});
        roundTrip(new long[] {START}, new double[] {-0.0});
    }

    @Test
    void roundTripsAMaximalChunk() {
        int n = 1 << 16;
        Random random = new Random(7);
        long[] ts = new long[n];
        ts[0] = START;
        for (int i = 1; i < n; i++) {
            ts[i] = ts[i - 1] + 1 + random.nextInt(20);
        }

        roundTrip(ts, noisySine(n, random));
        roundTrip(ts, temperatures(n, random));
    }

    @Test
    void roundTripsNegativeZeroBitExactly() {
        double[] values = {0.0, -0.0, 1.25, -0.0, -0.0, 0.0};

        byte[] blob = roundTrip(regular(values.length, START, 10), values);

        assertThat(blob[0]).isEqualTo((byte) XorValues.ENCODING);
    }

    @Test
    void roundTripsSubnormals() {
        double[] values = {Double.MIN_VALUE, 4.9e-322, -2.2250738585072E-310, Double.MIN_NORMAL / 3, 0.0};

        roundTrip(regular(values.length, START, 10), values);
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void refusesValuesThatAreNotFinite(double value) {
        double[] values = {1, 2, value, 4};

        assertThatThrownBy(() -> ChunkCodec.encode(regular(4, START, 10), values, 4))
                .isInstanceOf(ChunkEncodingException.class)
                .hasMessageContaining("value 2 is " + value)
                .hasMessageContaining("finite");
    }

    @Test
    void refusesAnEmptyChunkAndMoreReadingsThanTheArraysHold() {
        assertThatThrownBy(() -> ChunkCodec.encode(new long[] {START}, new double[] {1}, 0))
                .isInstanceOf(ChunkEncodingException.class);
        assertThatThrownBy(() -> ChunkCodec.encode(new long[] {START}, new double[] {1}, -1))
                .isInstanceOf(ChunkEncodingException.class);
        assertThatThrownBy(() -> ChunkCodec.encode(new long[] {START, START + 1}, new double[] {1}, 2))
                .isInstanceOf(ChunkEncodingException.class);
    }

    @Test
    void refusesEqualTimestamps() {
        long[] ts = {START, START + 10, START + 10, START + 20};

        assertThatThrownBy(() -> ChunkCodec.encode(ts, new double[4], 4))
                .isInstanceOf(ChunkEncodingException.class)
                .satisfies(e -> assertThat(((ChunkEncodingException) e).reason())
                        .startsWith("timestamp 2 (" + (START + 10) + ") is not after timestamp 1"));
    }

    @Test
    void refusesDecreasingTimestamps() {
        long[] ts = {START, START + 10, START + 5};

        assertThatThrownBy(() -> ChunkCodec.encode(ts, new double[3], 3))
                .isInstanceOf(ChunkEncodingException.class)
                .hasMessageContaining("timestamp 2");
    }

    @Test
    void refusesNegativeTimestamps() {
        assertThatThrownBy(() -> ChunkCodec.encode(new long[] {-5, 10}, new double[2], 2))
                .isInstanceOf(ChunkEncodingException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void encodesOnlyTheFirstNReadings() {
        long[] ts = {START, START + 10, START + 5};
        double[] values = {1, 2, Double.NaN};

        byte[] blob = ChunkCodec.encode(ts, values, 2);

        assertThat(ChunkCodec.count(blob)).isEqualTo(2);
    }

    @Test
    void countsReadingsFromTheHeader() {
        byte[] blob = ChunkCodec.encode(regular(777, START, 10), noisySine(777, new Random(8)), 777);

        assertThat(ChunkCodec.count(blob)).isEqualTo(777);
    }

    @Test
    void refusesArraysShorterThanTheChunk() {
        byte[] blob = ChunkCodec.encode(regular(10, START, 10), new double[10], 10);

        assertThatThrownBy(() -> ChunkCodec.decode(blob, new long[9], new double[10]))
                .isInstanceOf(ChunkEncodingException.class)
                .hasMessageContaining("holds 10 readings");
    }

    @Test
    void refusesEveryTruncationOfABlob() {
        for (double[] values : List.of(noisySine(300, new Random(9)), temperatures(300, new Random(10)))) {
            byte[] blob = ChunkCodec.encode(regular(300, START, 10), values, 300);
            for (int length = 0; length < blob.length; length++) {
                byte[] truncated = Arrays.copyOf(blob, length);

                assertThatThrownBy(() -> ChunkCodec.decode(truncated, new long[300], new double[300]))
                        .as("blob cut to %d of %d bytes", length, blob.length)
                        .isInstanceOf(ChunkEncodingException.class);
            }
        }
    }

    @Test
    void refusesABlobWithBytesAfterItsReadings() {
        byte[] blob = ChunkCodec.encode(regular(50, START, 10), temperatures(50, new Random(11)), 50);
        byte[] longer = Arrays.copyOf(blob, blob.length + 1);
        longer[blob.length] = 0x55;

        assertThatThrownBy(() -> ChunkCodec.decode(longer, new long[50], new double[50]))
                .isInstanceOf(ChunkEncodingException.class)
                .hasMessageContaining("more data");
    }

    @Test
    void refusesEmptyAndUnknownBlobs() {
        assertThatThrownBy(() -> ChunkCodec.count(new byte[0])).isInstanceOf(ChunkEncodingException.class);
        assertThatThrownBy(() -> ChunkCodec.count(new byte[] {9, 1, 0, 0, 0}))
                .isInstanceOf(ChunkEncodingException.class)
                .hasMessageContaining("unknown encoding 9");
        // a count far beyond what the blob can hold is refused before anyone allocates arrays for it
        assertThatThrownBy(() -> ChunkCodec.count(new byte[] {1, (byte) 0xFF, (byte) 0xFF, 0x7F, 0, 0, 0}))
                .isInstanceOf(ChunkEncodingException.class)
                .hasMessageContaining("do not fit");
    }

    @Test
    void refusesHeaderNumbersThatAreNegativeAsLongs() {
        byte[] minusOne = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, 0x01};
        byte[] negativeSectionLength = concat(new byte[] {1, 1, 0, 0}, minusOne, new byte[8]);
        byte[] negativeCount = concat(new byte[] {1}, minusOne, new byte[] {0, 0, 0}, new byte[8]);
        byte[] negativeFirstTimestamp = concat(new byte[] {1, 1}, minusOne, new byte[] {0, 0}, new byte[8]);

        for (byte[] blob : List.of(negativeSectionLength, negativeCount, negativeFirstTimestamp)) {
            assertThatThrownBy(() -> ChunkCodec.decode(blob, new long[4], new double[4]))
                    .isInstanceOf(ChunkEncodingException.class);
        }
    }

    @Test
    void damagedBlobsThrowOnlyChunkEncodingExceptionOrDecodeToValidReadings() {
        Random random = new Random(12);
        List<byte[]> blobs = new ArrayList<>();
        blobs.add(ChunkCodec.encode(regular(200, START, 10), noisySine(200, random), 200));
        blobs.add(ChunkCodec.encode(regular(200, START, 1000), temperatures(200, random), 200));
        long[] jittered = regular(200, START, 1000);
        for (int i = 1; i < jittered.length; i++) {
            jittered[i] += random.nextInt(0, 900);
        }
        blobs.add(ChunkCodec.encode(jittered, temperatures(200, random), 200));
        blobs.add(ChunkCodec.encode(new long[] {START}, new double[] {1.5}, 1));

        int refused = 0;
        int decoded = 0;
        for (int round = 0; round < 5000; round++) {
            byte[] blob = mutate(blobs.get(round % blobs.size()), random);
            try {
                int count = ChunkCodec.count(blob);
                long[] ts = new long[count];
                double[] values = new double[count];
                assertThat(ChunkCodec.decode(blob, ts, values)).isEqualTo(count);
                assertValid(ts, values);
                long[] visited = new long[1];
                ChunkCodec.decode(blob, ts[0], ts[count - 1], (t, v) -> visited[0]++);
                assertThat(visited[0]).isEqualTo(count);
                decoded++;
            } catch (ChunkEncodingException expected) {
                refused++;
            }
        }

        assertThat(refused).isGreaterThan(decoded);
    }

    @Test
    void rangeDecodeVisitsExactlyTheReadingsInsideTheRange() {
        long[] ts = {START, START + 10, START + 20, START + 35, START + 50};
        double[] values = {1.5, 2.5, 3.5, 4.5, 5.5};
        byte[] blob = ChunkCodec.encode(ts, values, ts.length);

        assertThat(visit(blob, START, START + 50)).containsExactly(ts);
        assertThat(visit(blob, START, START)).containsExactly(START);
        assertThat(visit(blob, START + 50, START + 50)).containsExactly(START + 50);
        assertThat(visit(blob, START + 10, START + 35)).containsExactly(START + 10, START + 20, START + 35);
        assertThat(visit(blob, START + 11, START + 34)).containsExactly(START + 20);
        assertThat(visit(blob, START + 21, START + 34)).isEmpty();
        assertThat(visit(blob, START - 100, START - 1)).isEmpty();
        assertThat(visit(blob, START + 51, START + 100)).isEmpty();
        assertThat(visit(blob, START - 100, START + 100)).containsExactly(ts);
        assertThat(visit(blob, START + 40, START + 20)).isEmpty();
        assertThat(visit(blob, Long.MIN_VALUE, Long.MAX_VALUE)).containsExactly(ts);
    }

    @Test
    void rangeDecodePassesTheValuesOfItsReadings() {
        long[] ts = regular(100, START, 10);
        double[] values = noisySine(100, new Random(13));
        byte[] blob = ChunkCodec.encode(ts, values, 100);
        List<Double> seen = new ArrayList<>();

        int visited = ChunkCodec.decode(blob, ts[40], ts[59], (t, v) -> {
            assertThat(t).isEqualTo(ts[seen.size() + 40]);
            seen.add(v);
        });

        assertThat(visited).isEqualTo(20);
        assertThat(seen).containsExactly(Arrays.stream(values, 40, 60).boxed().toArray(Double[]::new));
    }

    private static byte[] roundTrip(long[] ts, double[] values) {
        byte[] blob = ChunkCodec.encode(ts, values, ts.length);
        long[] decodedTs = new long[ts.length + 3];
        double[] decodedValues = new double[ts.length + 3];

        int count = ChunkCodec.decode(blob, decodedTs, decodedValues);

        assertThat(count).isEqualTo(ts.length);
        assertThat(ChunkCodec.count(blob)).isEqualTo(ts.length);
        assertThat(Arrays.copyOf(decodedTs, count)).containsExactly(ts);
        for (int i = 0; i < count; i++) {
            assertThat(Double.doubleToRawLongBits(decodedValues[i])).as("value %d (%s)", i, values[i])
                    .isEqualTo(Double.doubleToRawLongBits(values[i]));
        }
        return blob;
    }

    private static long[] visit(byte[] blob, long from, long to) {
        List<Long> seen = new ArrayList<>();
        int visited = ChunkCodec.decode(blob, from, to, (ts, value) -> seen.add(ts));
        assertThat(visited).isEqualTo(seen.size());
        return seen.stream().mapToLong(Long::longValue).toArray();
    }

    private static void assertValid(long[] ts, double[] values) {
        for (int i = 0; i < ts.length; i++) {
            assertThat(ts[i]).isNotNegative();
            assertThat(i == 0 || ts[i] > ts[i - 1]).isTrue();
            assertThat(Double.isFinite(values[i])).isTrue();
        }
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[Arrays.stream(parts).mapToInt(part -> part.length).sum()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] blob = original.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                int at = random.nextInt(blob.length);
                blob[at] ^= (byte) (1 << random.nextInt(8));
            }
            case 1 -> {
                for (int i = random.nextInt(1, 6); i > 0; i--) {
                    blob[random.nextInt(blob.length)] = (byte) random.nextInt(256);
                }
            }
            case 2 -> blob = Arrays.copyOf(blob, random.nextInt(blob.length));
            case 3 -> {
                int at = random.nextInt(blob.length);
                byte[] shorter = new byte[blob.length - 1];
                System.arraycopy(blob, 0, shorter, 0, at);
                System.arraycopy(blob, at + 1, shorter, at, blob.length - at - 1);
                blob = shorter;
            }
            default -> {
                // a damaged header: the first bytes carry count, first timestamp and section length
                int at = random.nextInt(Math.min(blob.length, 12));
                blob[at] = (byte) random.nextInt(256);
            }
        }
        return blob;
    }

    static long[] regular(int n, long start, long step) {
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = start + i * step;
        }
        return ts;
    }

    static double[] noisySine(int n, Random random) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = Math.sin(i / 50.0) + random.nextGaussian() * 0.01;
        }
        return values;
    }

    /** A room thermometer reporting two decimals: slow drift and a little noise. */
    static double[] temperatures(int n, Random random) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double celsius = 21 + 0.8 * Math.sin(i / 900.0) + random.nextGaussian() * 0.02;
            values[i] = Math.round(celsius * 100) / 100.0;
        }
        return values;
    }
}
