package io.fleetdeck.console.fleet.ui;

import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.rollout.Rollouts;
import io.fleetdeck.console.rollout.ui.PreflightMarks;
import io.fleetdeck.console.rollout.ui.TileMark;
import io.fleetdeck.model.DeviceId;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rollout side of the tiles: each device's newest job, pulled by the rollout service's revision, and the
 * pre-flight mark on its tile, which stays until a newer job of that device supersedes it. Kept per device rather
 * than on the tiles, so a tile that appears later still shows both. FX thread only.
 */
final class RolloutMarks implements PreflightMarks {
    private final Rollouts rollouts;
    private final Function<DeviceId, Optional<DeviceTileViewModel>> tiles;
    private final Map<DeviceId, Mark> marks = new HashMap<>();
    private Map<DeviceId, RolloutJob> latestJobs = Map.of();
    private long seenJobRevision = Long.MIN_VALUE;

    /** A pre-flight mark and the device's newest job when it was made. */
    private record Mark(TileMark mark, Optional<String> jobBefore) {
    }

    /** @param tiles the tile of a device, if it has one */
    RolloutMarks(Rollouts rollouts, Function<DeviceId, Optional<DeviceTileViewModel>> tiles) {
        this.rollouts = rollouts;
        this.tiles = tiles;
    }

    /** Shows the mark and the newest job of its device on a new tile. */
    void dress(DeviceTileViewModel tile) {
        tile.setMark(Optional.ofNullable(marks.get(tile.id())).map(Mark::mark));
        tile.setJob(Optional.ofNullable(latestJobs.get(tile.id())));
    }

    /** When the rollout service's revision moved: every tile of {@code all} shows its newest job; stale marks go. */
    void refresh(List<DeviceTileViewModel> all) {
        long revision = rollouts.revision();
        if (revision == seenJobRevision) {
            return;
        }
        seenJobRevision = revision;
        Map<DeviceId, RolloutJob> newest = new HashMap<>();
        for (RolloutJob job : rollouts.jobs()) {
            // jobs() is newest first; keep the first of each device, or the newest if an implementation disagrees.
            newest.merge(job.device(), job, (a, b) -> b.createdMs() > a.createdMs() ? b : a);
        }
        latestJobs = newest;
        marks.entrySet().removeIf(entry -> {
            boolean superseded = !entry.getValue().jobBefore().equals(
                    Optional.ofNullable(newest.get(entry.getKey())).map(RolloutJob::id));
            if (superseded) {
                tiles.apply(entry.getKey()).ifPresent(tile -> tile.setMark(Optional.empty()));
            }
            return superseded;
        });
        for (DeviceTileViewModel tile : all) {
            tile.setJob(Optional.ofNullable(newest.get(tile.id())));
        }
    }

    @Override
    public void mark(Map<DeviceId, TileMark> next) {
        next.forEach((device, mark) -> {
            // The device's newest job now: a later one supersedes this mark.
            Optional<String> jobBefore = Optional.ofNullable(latestJobs.get(device)).map(RolloutJob::id)
                    .or(() -> rollouts.latestJob(device).map(RolloutJob::id));
            marks.put(device, new Mark(mark, jobBefore));
            tiles.apply(device).ifPresent(tile -> tile.setMark(Optional.of(mark)));
        });
    }

    @Override
    public void unmark(Collection<DeviceId> devices) {
        for (DeviceId device : devices) {
            if (marks.remove(device) != null) {
                tiles.apply(device).ifPresent(tile -> tile.setMark(Optional.empty()));
            }
        }
    }

    @Override
    public void unmarkAll() {
        unmark(List.copyOf(marks.keySet()));
    }
}
