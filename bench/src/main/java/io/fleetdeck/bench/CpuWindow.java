package io.fleetdeck.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** CPU used by named processes and by the whole machine between {@link #start} and {@link #stop}, in % of one core. */
final class CpuWindow {
    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, Double> startSeconds = new LinkedHashMap<>();
    private final Map<String, Double> shares = new LinkedHashMap<>();
    private double startMachine;
    private long startNs;

    CpuWindow track(String name, long pid) {
        pids.put(name, pid);
        return this;
    }

    void start() {
        startNs = System.nanoTime();
        startMachine = ProcessCpu.machineBusySeconds();
        pids.forEach((name, pid) -> startSeconds.put(name, ProcessCpu.seconds(pid)));
    }

    void stop() {
        double wall = (System.nanoTime() - startNs) / 1e9;
        pids.forEach((name, pid) -> shares.put(name, 100 * (ProcessCpu.seconds(pid) - startSeconds.get(name)) / wall));
        double machine = 100 * (ProcessCpu.machineBusySeconds() - startMachine) / wall;
        shares.put("machine", machine);
        // Whatever the benchmark did not start: the runner, the kernel's loopback work, other jobs on the box.
        shares.put("other", machine - pids.keySet().stream().mapToDouble(shares::get).sum());
    }

    /** % of one core per process name, plus "machine" (all cores together; 200 % is
     * two busy cores) and "other" (machine minus the tracked processes). */
    Map<String, Double> shares() {
        return Map.copyOf(shares);
    }
}
