package io.fleetdeck.console.rollout;

import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.firmware.ImageServer;
import io.fleetdeck.model.InstallFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Restores the jobs of an earlier console run from the job table, so a restart loses none: the newest
 * {@link RolloutSettings#remembered()} of them, with the downloads of the unfinished ones granted again under their
 * stored tokens. The devices' retained reports then bring them up to date.
 */
final class JobRecovery {
    private static final Logger log = LoggerFactory.getLogger(JobRecovery.class);

    private final TrackedJobs jobs;
    private final SqliteJobStore store;
    private final ImageCatalog catalog;
    private final ImageServer images;
    private final Clock clock;
    private final RolloutSettings settings;

    JobRecovery(TrackedJobs jobs, SqliteJobStore store, ImageCatalog catalog, ImageServer images, Clock clock,
                RolloutSettings settings) {
        this.jobs = jobs;
        this.store = store;
        this.catalog = catalog;
        this.images = images;
        this.clock = clock;
        this.settings = settings;
    }

    /** On the tracker, once, before any report is listened to. Blocking: reads the table. */
    void restore() {
        long now = clock.millis();
        List<StoredJob> stored = store.recent(settings.remembered());
        int resumed = 0;
        for (StoredJob row : stored) {
            TrackedJob job = new TrackedJob(row.job(), row.token(), now);
            jobs.add(job);
            if (row.job().state().isFinal()) {
                continue;
            }
            Optional<FirmwareImage> image = catalog.imageOf(row.job());
            if (image.isEmpty()) {
                // Without its image the download cannot be served again, so the job cannot go on.
                jobs.fail(job, InstallFailure.CANCELLED.describe("image #" + row.job().imageId()
                        + " is no longer in the library"));
                continue;
            }
            if (!row.token().isEmpty()) {
                images.grant(row.job().id(), row.token(), image.get());
            }
            resumed++;
        }
        jobs.publish();
        if (!stored.isEmpty()) {
            log.info("Restored {} rollout jobs, {} unfinished", stored.size(), resumed);
        }
    }
}
