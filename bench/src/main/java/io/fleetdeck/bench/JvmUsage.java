package io.fleetdeck.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU and heap of this JVM over a measurement window: process CPU time over wall time, the highest heap use seen by
 * a 100 ms sampler, and GC counts. Heap "after GC" is what the collector left at its last collection during the
 * window (the highest such figure), so it is the live set plus old garbage under load, not the figure after a
 * forced full GC at rest.
 */
final class JvmUsage implements AutoCloseable {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("bench-heap-sampler").daemon().factory());
    private static final java.util.Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    private final AtomicLong maxHeapUsed = new AtomicLong();
    private final AtomicLong maxAfterGc = new AtomicLong();
    private long startCpuNs;
    private long startWallNs;
    private long startGcCount;
    private long startGcMs;

    JvmUsage() {
        sampler.scheduleAtFixedRate(this::sample, 100, 100, TimeUnit.MILLISECONDS);
    }

    void mark() {
        startCpuNs = os.getProcessCpuTime();
        startWallNs = System.nanoTime();
        startGcCount = gcCount();
        startGcMs = gcMillis();
        maxHeapUsed.set(0);
        maxAfterGc.set(0);
    }

    private void sample() {
        maxHeapUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof com.sun.management.GarbageCollectorMXBean gc && gc.getLastGcInfo() != null) {
                // Every heap pool as the last collection left it: old gen included, even after a young GC.
                long afterGc = 0;
                for (var entry : gc.getLastGcInfo().getMemoryUsageAfterGc().entrySet()) {
                    if (HEAP_POOLS.contains(entry.getKey())) {
                        afterGc += entry.getValue().getUsed();
                    }
                }
                maxAfterGc.accumulateAndGet(afterGc, Math::max);
            }
        }
    }

    /** Prints the window's figures as result lines with the given prefix. */
    void report(String prefix) {
        double wallS = (System.nanoTime() - startWallNs) / 1e9;
        double cpuS = (os.getProcessCpuTime() - startCpuNs) / 1e9;
        ResultLines.put(prefix + "cpu-core-pct", 100 * cpuS / wallS);
        ResultLines.put(prefix + "cpu-machine-pct", 100 * cpuS / wallS / os.getAvailableProcessors());
        ResultLines.put(prefix + "heap-max-used-mb", maxHeapUsed.get() / 1048576.0);
        ResultLines.put(prefix + "heap-after-gc-mb", maxAfterGc.get() / 1048576.0);
        ResultLines.put(prefix + "heap-committed-mb",
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1048576.0);
        ResultLines.put(prefix + "heap-limit-mb", Runtime.getRuntime().maxMemory() / 1048576.0);
        ResultLines.put(prefix + "gc-count", gcCount() - startGcCount);
        ResultLines.put(prefix + "gc-ms", gcMillis() - startGcMs);
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
