package io.fleetdeck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of any process on this machine, from {@code /proc}: lets the report say where the two cores went
 * (broker, load generator, consumer) during a window. Linux only, like the benchmark.
 */
final class ProcessCpu {
    /** USER_HZ; 100 on every Linux we run on. */
    private static final double TICKS_PER_S = 100.0;

    private ProcessCpu() {
    }

    /** User + system CPU seconds of {@code pid} so far, or NaN when it is gone. */
    static double seconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the parenthesised command name, which may itself hold spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_S;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** User + system CPU seconds of this JVM's children that have ended and been waited for (dd, curl, sync). */
    static double endedChildrenSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / TICKS_PER_S;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Busy CPU seconds of the whole machine (all cores) so far. */
    static double machineBusySeconds() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < cpu.length; i++) {
                // idle (4) and iowait (5) are not busy; guest times are already inside user.
                if (i != 4 && i != 5 && i < 9) {
                    busy += Long.parseLong(cpu[i]);
                }
            }
            return busy / TICKS_PER_S;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
