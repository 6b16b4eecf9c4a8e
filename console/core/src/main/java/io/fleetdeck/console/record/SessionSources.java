package io.fleetdeck.console.record;

import io.fleetdeck.console.audit.AuditLog;
import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.history.ReadingSource;
import io.fleetdeck.console.rollout.RolloutJob;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where a session record's content comes from: the console's stores as the window or a command has them open.
 *
 * @param audit   operator actions; the record's own export is added to it too
 * @param images  the firmware library's images, any order
 * @param jobs    install jobs the console knows, any order
 * @param history the stored telemetry
 */
public record SessionSources(AuditLog audit, Supplier<List<FirmwareImage>> images, Supplier<List<RolloutJob>> jobs,
                             ReadingSource history) {
    public SessionSources {
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(history, "history");
    }
}
