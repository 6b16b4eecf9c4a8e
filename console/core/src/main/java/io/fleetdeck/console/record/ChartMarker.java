package io.fleetdeck.console.record;

import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.model.DeviceId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A vertical line on a record's chart: a firmware install that ended at {@code atMs} ("fw 2.0.0"). */
record ChartMarker(long atMs, String label) {

    /**
     * The installs that changed a device's firmware or tried to, by device, as the window's charts mark them: "fw
     * 2.0.0" when committed, "fw 2.1.0 rolled back"; a failed install never ran the new image and gets none.
     */
    static Map<DeviceId, List<ChartMarker>> ofInstalls(List<RolloutJob> installs) {
        Map<DeviceId, List<ChartMarker>> markers = new HashMap<>();
        for (RolloutJob job : installs) {
            String label = switch (job.state()) {
                case COMMITTED -> "fw " + job.version();
                case ROLLED_BACK -> "fw " + job.version() + " rolled back";
                default -> null;
            };
            if (label != null) {
                markers.computeIfAbsent(job.device(), key -> new ArrayList<>())
                        .add(new ChartMarker(job.updatedMs(), label));
            }
        }
        return markers;
    }
}
