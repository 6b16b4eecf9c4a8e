package io.fleetdeck.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * CPU time of JavaFX's render thread ({@code QuantumRenderer-0}). A pulse waits for the previous frame to finish
 * rendering before it syncs the scene, so this thread's work shows up in pulse durations; its CPU time, unlike the
 * pulse's wall time, does not grow when other processes take the cores.
 */
final class RenderThreadCpu {
    private static final String NAME = "QuantumRenderer-0";
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    /** Nanoseconds of CPU the render thread has used so far, if there is one. */
    OptionalLong nanos() {
        long[] ids = threads.getAllThreadIds();
        return Arrays.stream(threads.getThreadInfo(ids))
                .filter(info -> info != null && NAME.equals(info.getThreadName()))
                .mapToLong(ThreadInfo::getThreadId)
                .map(threads::getThreadCpuTime)
                .filter(nanos -> nanos >= 0)
                .findFirst();
    }
}
