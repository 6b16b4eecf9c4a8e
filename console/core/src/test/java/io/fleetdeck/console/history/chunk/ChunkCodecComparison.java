package io.fleetdeck.console.history.chunk;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Compares {@link ChunkCodec#encode} of two builds in one JVM on the same seeded chunks, in interleaved rounds, so a
 * busy machine slows both alike: run with two class directories (e.g. a copy of {@code console/core/target/classes}
 * from before a change, and the current one). Checks first that both write the same blobs, then prints each build's
 * mean encode rate over the last 12 of 16 rounds and the median per-round ratio (second / first).
 */
public final class ChunkCodecComparison {
    private static final int READINGS = 1000;
    private static final int CHUNKS = 2000;
    private static final int ROUNDS = 16;
    private static final int WARM_UP = 4;

    private ChunkCodecComparison() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length != 2) {
            System.err.println("usage: ChunkCodecComparison <classes before> <classes after>");
            System.exit(2);
        }
        MethodHandle before = encoder(args[0]);
        MethodHandle after = encoder(args[1]);
        Random random = new Random(42);
        long[][] ts = new long[CHUNKS][READINGS];
        double[][] noisy = new double[CHUNKS][READINGS];
        double[][] decimal = new double[CHUNKS][READINGS];
        for (int c = 0; c < CHUNKS; c++) {
            long t = 1_764_763_200_000L + c * 10_000L;
            for (int i = 0; i < READINGS; i++) {
                t += 10 + random.nextInt(5) - 2;
                ts[c][i] = t;
                noisy[c][i] = Math.sin(i / 100.0) + 0.05 * random.nextGaussian();
                decimal[c][i] = Math.round((21 + Math.sin(i / 500.0) + 0.1 * random.nextGaussian()) * 100) / 100.0;
            }
        }
        compare("100 Hz +-2 ms, sin + noise, full double", before, after, ts, noisy);
        compare("100 Hz +-2 ms, temperature, 2 decimals", before, after, ts, decimal);
    }

    private static void compare(String series, MethodHandle before, MethodHandle after, long[][] ts,
                                double[][] values) throws Throwable {
        for (int c = 0; c < 50; c++) {
            byte[] a = (byte[]) before.invoke(ts[c], values[c], READINGS);
            byte[] b = (byte[]) after.invoke(ts[c], values[c], READINGS);
            if (!Arrays.equals(a, b)) {
                throw new IllegalStateException(series + ": the builds write different blobs for chunk " + c);
            }
        }
        double sumBefore = 0;
        double sumAfter = 0;
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            // Alternate which build goes first, so neither always runs on a warmer cache or a quieter second.
            double first = rate(round % 2 == 0 ? before : after, ts, values);
            double second = rate(round % 2 == 0 ? after : before, ts, values);
            double rateBefore = round % 2 == 0 ? first : second;
            double rateAfter = round % 2 == 0 ? second : first;
            if (round >= WARM_UP) {
                sumBefore += rateBefore;
                sumAfter += rateAfter;
                ratios.add(rateAfter / rateBefore);
            }
        }
        Collections.sort(ratios);
        int measured = ROUNDS - WARM_UP;
        System.out.printf("%-42s first %6.1f M readings/s, second %6.1f M/s; median ratio %.2f (%.2f to %.2f)%n",
                series, sumBefore / measured, sumAfter / measured, ratios.get(measured / 2), ratios.get(0),
                ratios.get(measured - 1));
    }

    private static double rate(MethodHandle encode, long[][] ts, double[][] values) throws Throwable {
        long start = System.nanoTime();
        long bytes = 0;
        for (int c = 0; c < ts.length; c++) {
            bytes += ((byte[]) encode.invoke(ts[c], values[c], READINGS)).length;
        }
        long elapsed = System.nanoTime() - start;
        if (bytes < 0) {
            throw new AssertionError("unreachable: keeps the encoded blobs alive");
        }
        return (double) ts.length * READINGS / elapsed * 1000;
    }

    /** ChunkCodec.encode from {@code classes} in a loader of its own (no parent), so the two builds never mix. */
    private static MethodHandle encoder(String classes) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[]{Path.of(classes).toUri().toURL()}, null);
        Class<?> codec = loader.loadClass("io.fleetdeck.console.history.chunk.ChunkCodec");
        return MethodHandles.publicLookup().findStatic(codec, "encode",
                MethodType.methodType(byte[].class, long[].class, double[].class, int.class));
    }
}
