package io.fleetdeck.console.history.chunk;

import com.github.luben.zstd.Zstd;

import java.util.Random;

/**
 * Prints bytes per reading and rough encode/decode rates of {@link ChunkCodec} for typical sensors, and what zstd
 * would save on top. A figure generator, not a test: timings depend on the machine. Run after test-compile with
 * {@code java -cp console/core/target/classes:console/core/target/test-classes:<zstd-jni jar>
 * io.fleetdeck.console.history.chunk.ChunkCodecFigures}.
 */
public final class ChunkCodecFigures {
    private static final long START = 1_764_763_200_000L;
    private static final int[] CHUNK_SIZES = {120, 1000, 4000};

    private ChunkCodecFigures() {
    }

    public static void main(String[] args) {
        System.out.printf("%-52s %6s %10s %10s %12s%n", "series", "n", "bytes", "B/reading", "zstd -3 B");
        for (int n : CHUNK_SIZES) {
            report("100 Hz, sin + noise, full-precision double", regular(n, 10), noisySine(n, new Random(1)));
            report("1 Hz, temperature, 2 decimals", regular(n, 1000), temperatures(n, new Random(2)));
            report("1 Hz +-20 ms jitter, temperature, 2 decimals", jittered(n, 1000, 20, new Random(3)),
                    temperatures(n, new Random(4)));
            report("100 Hz, temperature, 2 decimals", regular(n, 10), temperatures(n, new Random(5)));
            report("100 Hz +-2 ms jitter, temperature, 2 decimals", jittered(n, 10, 2, new Random(7)),
                    temperatures(n, new Random(8)));
            report("100 Hz, constant", regular(n, 10), constant(n, 21.37));
            report("1 min, pressure hPa, 1 decimal", regular(n, 60_000), pressures(n, new Random(6)));
        }
        System.out.println();
        speed("100 Hz, sin + noise (XOR)", regular(1000, 10), noisySine(1000, new Random(1)));
        speed("1 Hz, temperature (scaled decimal)", regular(1000, 1000), temperatures(1000, new Random(2)));
    }

    private static void report(String name, long[] ts, double[] values) {
        byte[] blob = ChunkCodec.encode(ts, values, ts.length);
        byte[] zstd = Zstd.compress(blob, 3);
        System.out.printf("%-52s %6d %10d %10.3f %12d%n", name, ts.length, blob.length,
                (double) blob.length / ts.length, zstd.length);
    }

    private static void speed(String name, long[] ts, double[] values) {
        int n = ts.length;
        long[] outTs = new long[n];
        double[] outValues = new double[n];
        byte[] blob = ChunkCodec.encode(ts, values, n);
        long[] sink = new long[1];
        for (int round = 0; round < 3; round++) {
            int chunks = 20_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < chunks; i++) {
                blob = ChunkCodec.encode(ts, values, n);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < chunks; i++) {
                ChunkCodec.decode(blob, outTs, outValues);
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < chunks; i++) {
                ChunkCodec.decode(blob, ts[0], ts[n - 1], (t, v) -> sink[0] += t);
            }
            long t3 = System.nanoTime();
            double readings = (double) chunks * n;
            System.out.printf("%-40s round %d: encode %5.1f M/s, decode %5.1f M/s, range decode %5.1f M/s%n", name,
                    round, readings / (t1 - t0) * 1e3, readings / (t2 - t1) * 1e3, readings / (t3 - t2) * 1e3);
        }
        if (sink[0] == 42) {
            System.out.println();
        }
    }

    private static long[] regular(int n, long step) {
        return ChunkCodecTest.regular(n, START, step);
    }

    private static long[] jittered(int n, long step, int jitter, Random random) {
        long[] ts = regular(n, step);
        for (int i = 0; i < n; i++) {
            ts[i] += random.nextInt(-jitter, jitter + 1);
        }
        return ts;
    }

    private static double[] noisySine(int n, Random random) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = Math.sin(i / 100.0) + random.nextDouble() * 0.05;
        }
        return values;
    }

    private static double[] temperatures(int n, Random random) {
        return ChunkCodecTest.temperatures(n, random);
    }

    private static double[] pressures(int n, Random random) {
        double[] values = new double[n];
        double hpa = 1013.2;
        for (int i = 0; i < n; i++) {
            hpa += random.nextGaussian() * 0.1;
            values[i] = Math.round(hpa * 10) / 10.0;
        }
        return values;
    }

    private static double[] constant(int n, double value) {
        double[] values = new double[n];
        java.util.Arrays.fill(values, value);
        return values;
    }
}
