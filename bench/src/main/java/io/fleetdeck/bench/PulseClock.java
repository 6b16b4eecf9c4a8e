package io.fleetdeck.bench;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import org.HdrHistogram.Histogram;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * Times the JavaFX pulses of one scene on the FX thread. A pulse starts when its first animation timer runs (this
 * clock's, started before the window's own timers, so it runs first in every pulse) and ends when a
 * {@code runLater} posted from the scene's post-layout listener runs: after CSS, layout, the sync of the scene to
 * the render thread and anything else queued for the FX thread meanwhile. That is the time the FX thread was not
 * free to handle input, so p99 of it is what an operator feels. Two more figures separate the console's own work
 * from a busy machine: the time to the end of layout, and the CPU time the FX thread itself spent in the pulse (a
 * pulse can take long because the thread waited for a core or for the render thread, without working more).
 * FX thread only.
 */
final class PulseClock {
    private final Histogram pulses = new Histogram(60_000_000L, 3);
    private final Histogram toLayoutEnd = new Histogram(60_000_000L, 3);
    private final Histogram fxCpu = new Histogram(60_000_000L, 3);
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private long start;
    private long startCpu;
    private long startCollections;
    private boolean recording;
    /** Pulses over {@link #SLOW_MICROS}, and how many of them had a garbage collection in them. */
    private long slow;
    private long slowWithCollection;
    static final long SLOW_MICROS = 20_000;
    private final AnimationTimer first = new AnimationTimer() {
        @Override
        public void handle(long now) {
            start = System.nanoTime();
            startCpu = threads.getCurrentThreadCpuTime();
            startCollections = collections();
        }
    };

    /** Starts the first timer: call before the window's timers start. */
    void startFirst() {
        first.start();
    }

    void attach(Scene scene) {
        scene.addPostLayoutPulseListener(() -> {
            long began = start;
            long beganCpu = startCpu;
            long beganCollections = startCollections;
            if (began == 0) {
                return;
            }
            start = 0;
            long layoutEnd = System.nanoTime();
            Platform.runLater(() -> {
                if (recording) {
                    long micros = micros(System.nanoTime() - began);
                    if (micros > SLOW_MICROS) {
                        slow++;
                        if (collections() != beganCollections) {
                            slowWithCollection++;
                        }
                    }
                    pulses.recordValue(micros);
                    toLayoutEnd.recordValue(micros(layoutEnd - began));
                    fxCpu.recordValue(micros(threads.getCurrentThreadCpuTime() - beganCpu));
                }
            });
        });
    }

    /** Forgets what was timed so far and times from now on. */
    void reset() {
        pulses.reset();
        toLayoutEnd.reset();
        fxCpu.reset();
        slow = 0;
        slowWithCollection = 0;
        recording = true;
    }

    /**
     * Stops timing and returns copies of the histograms (µs): whole pulses, to the end of layout, FX thread CPU.
     */
    Histogram[] take() {
        recording = false;
        return new Histogram[] {pulses.copy(), toLayoutEnd.copy(), fxCpu.copy()};
    }

    /** Pulses over 20 ms since {@link #reset()}, and of those the ones a garbage collection (any pause) ran in. */
    long[] slowPulses() {
        return new long[] {slow, slowWithCollection};
    }

    private long collections() {
        long sum = 0;
        for (GarbageCollectorMXBean collector : collectors) {
            sum += Math.max(0, collector.getCollectionCount());
        }
        return sum;
    }

    private static long micros(long nanos) {
        return Math.max(1, Math.min(60_000_000L, nanos / 1000));
    }
}
