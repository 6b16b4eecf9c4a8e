package io.fleetdeck.console.rollout;

import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.firmware.FirmwareImportException;
import io.fleetdeck.console.firmware.FirmwareLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which firmware images exist: imports into the library, corrects a guessed version, and keeps the library's list in
 * memory so {@link Rollouts#images()} never reads the database. The list is replaced whole, so any thread may read it.
 * Blocking calls; the service runs them on its worker pool.
 */
final class ImageCatalog {
    private static final Logger log = LoggerFactory.getLogger(ImageCatalog.class);

    private final FirmwareLibrary library;
    private final Runnable changed;
    private volatile List<FirmwareImage> images = List.of();

    /** @param changed told after each refresh of the list (the service's revision) */
    ImageCatalog(FirmwareLibrary library, Runnable changed) {
        this.library = library;
        this.changed = changed;
    }

    FirmwareImage importImage(Path image) {
        try {
            FirmwareImage imported = library.importImage(image);
            refresh();
            return imported;
        } catch (FirmwareImportException e) {
            throw new RolloutException(image, e.getMessage(), e);
        }
    }

    FirmwareImage setVersion(long imageId, String version) {
        try {
            FirmwareImage updated = library.setVersion(imageId, version);
            refresh();
            return updated;
        } catch (IllegalArgumentException e) {
            throw new RolloutException(null, "cannot set the version of image #" + imageId + ": " + e.getMessage(),
                    e);
        }
    }

    List<FirmwareImage> images() {
        return images;
    }

    /** The image {@code job} installs; empty, and logged, when it left the library or cannot be read. */
    Optional<FirmwareImage> imageOf(RolloutJob job) {
        try {
            return library.image(job.imageId());
        } catch (RuntimeException e) {
            log.warn("Cannot read image #{} of job {}: {}", job.imageId(), job.id(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Reads the library's list again. A failure is logged and keeps the last list: the import or change that asked for
     * the refresh has already succeeded.
     */
    void refresh() {
        try {
            images = List.copyOf(library.images());
            changed.run();
        } catch (RuntimeException e) {
            log.error("Cannot list the firmware library: {}", e.getMessage());
        }
    }
}
