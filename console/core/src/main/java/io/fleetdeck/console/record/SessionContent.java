package io.fleetdeck.console.record;

import io.fleetdeck.console.audit.AuditEntry;
import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.rollout.RolloutJob;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The session's actions, images and installs, chosen from the stores for a time range: the audit entries in it, the
 * install jobs that ran in it (started before its end and last changed after its start), and the images imported in
 * it or installed by those jobs.
 */
record SessionContent(List<AuditEntry> actions, List<FirmwareImage> images, List<RolloutJob> installs) {

    static SessionContent select(SessionRecordRequest range, List<AuditEntry> audit, List<FirmwareImage> library,
                                 List<RolloutJob> jobs) {
        List<AuditEntry> actions = audit.stream()
                .filter(entry -> range.contains(entry.at().toEpochMilli()))
                .sorted(Comparator.comparing(AuditEntry::at).thenComparingLong(AuditEntry::id)).toList();
        List<RolloutJob> installs = jobs.stream()
                .filter(job -> job.createdMs() <= range.toMs() && job.updatedMs() >= range.fromMs())
                .sorted(Comparator.comparing((RolloutJob job) -> job.device().value())
                        .thenComparingLong(RolloutJob::createdMs).thenComparing(RolloutJob::id)).toList();
        Set<Long> installed = new TreeSet<>();
        installs.forEach(job -> installed.add(job.imageId()));
        List<FirmwareImage> images = library.stream()
                .filter(image -> installed.contains(image.id()) || range.contains(image.importedAt().toEpochMilli()))
                .sorted(Comparator.comparing(FirmwareImage::importedAt).thenComparingLong(FirmwareImage::id))
                .toList();
        return new SessionContent(actions, images, installs);
    }

    /** The operators who acted in the session, sorted. */
    List<String> operators() {
        return actions.stream().map(AuditEntry::user).distinct().sorted().toList();
    }

    Optional<FirmwareImage> image(long id) {
        return images.stream().filter(image -> image.id() == id).findFirst();
    }

    /** Installs by device, in device order. */
    Map<String, List<RolloutJob>> installsByDevice() {
        Map<String, List<RolloutJob>> byDevice = new LinkedHashMap<>();
        for (RolloutJob job : installs) {
            byDevice.computeIfAbsent(job.device().value(), key -> new ArrayList<>()).add(job);
        }
        return byDevice;
    }
}
