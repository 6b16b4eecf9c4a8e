package io.fleetdeck.bench;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.InstallState;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When each device's install reports first reached each state, in ms after the rollout started, as the console
 * received them (the registry's install listener, on the ingest thread, right after decode). A device that skips a
 * state (the protocol allows it) counts as having reached it with the next later state.
 */
final class InstallTimeline {
    private final Map<DeviceId, EnumMap<InstallState, Long>> reached = new LinkedHashMap<>();
    private volatile long startMs = -1;
    private volatile String failure;

    InstallTimeline(List<DeviceId> devices) {
        devices.forEach(id -> reached.put(id, new EnumMap<>(InstallState.class)));
    }

    void begin(long nowMs) {
        startMs = nowMs;
    }

    long startMs() {
        return startMs;
    }

    /** On the ingest thread: one report. Reports of other devices and from before the start are ignored. */
    void reported(DeviceId device, InstallProgress progress, long nowMs) {
        long start = startMs;
        if (start < 0) {
            return;
        }
        EnumMap<InstallState, Long> states = reached.get(device);
        if (states == null) {
            return;
        }
        if (progress.state() == InstallState.FAILED || progress.state() == InstallState.ROLLED_BACK) {
            failure = device + " " + progress.state() + ": " + progress.reason();
        }
        synchronized (states) {
            states.putIfAbsent(progress.state(), nowMs - start);
        }
    }

    Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Ms after the start at which {@code device} first reported {@code state} or a later one; -1 if not yet. */
    long reachedMs(DeviceId device, InstallState state) {
        EnumMap<InstallState, Long> states = reached.get(device);
        synchronized (states) {
            // FAILED and ROLLED_BACK come after COMMITTED in the enum but are no progress.
            return states.entrySet().stream().filter(e -> e.getKey().ordinal() >= state.ordinal()
                            && e.getKey().ordinal() <= InstallState.COMMITTED.ordinal())
                    .mapToLong(Map.Entry::getValue).min().orElse(-1);
        }
    }

    boolean allReached(InstallState state) {
        return reached.keySet().stream().allMatch(id -> reachedMs(id, state) >= 0);
    }

    /** When the last device reached {@code state}. */
    long allReachedMs(InstallState state) {
        return reached.keySet().stream().mapToLong(id -> reachedMs(id, state)).max().orElse(-1);
    }

    /** The median over devices of the time from reaching {@code from} to reaching {@code to}. */
    long medianBetween(InstallState from, InstallState to) {
        List<Long> spans = new ArrayList<>();
        for (DeviceId id : reached.keySet()) {
            spans.add(reachedMs(id, to) - reachedMs(id, from));
        }
        spans.sort(null);
        return spans.get(spans.size() / 2);
    }

    void writeCsv(PrintWriter out) {
        List<InstallState> columns = List.of(InstallState.QUEUED, InstallState.DOWNLOADING, InstallState.VERIFYING,
                InstallState.WRITING, InstallState.REBOOTING, InstallState.HEALTH_CHECK, InstallState.COMMITTED);
        out.println("device," + String.join(",", columns.stream().map(s -> s.name().toLowerCase() + "_ms")
                .toList()));
        for (DeviceId id : reached.keySet()) {
            StringBuilder line = new StringBuilder(id.value());
            for (InstallState state : columns) {
                line.append(',').append(reachedMs(id, state));
            }
            out.println(line);
        }
    }
}
