package io.fleetdeck.console.rollout;

import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.firmware.FirmwareLibrary;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.SignedManifest;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Signs the release a plan promises: the operator's version, else the one the library read from the file name; the
 * image's board models, else those the target devices announced (then kept on the image). Blocking; the service runs
 * it on its worker pool.
 */
final class ReleaseSigner {
    /** An image and the manifest signed for it. */
    record Release(FirmwareImage image, SignedManifest manifest) {
    }

    private final FirmwareLibrary library;
    private final FleetRegistry registry;
    private final ImageCatalog catalog;

    ReleaseSigner(FirmwareLibrary library, FleetRegistry registry, ImageCatalog catalog) {
        this.library = library;
        this.registry = registry;
        this.catalog = catalog;
    }

    /** @throws RolloutException when there is no such image, no version or model to promise, or no key to sign */
    Release sign(long imageId, List<DeviceId> devices, Optional<String> version, int securityVersion) {
        FirmwareImage image = library.image(imageId)
                .orElseThrow(() -> new RolloutException(null, "no firmware image #" + imageId + " in the library",
                        null));
        Path name = Path.of(image.name());
        if (version.isPresent() && !version.get().isBlank()) {
            try {
                image = library.setVersion(imageId, version.get());
            } catch (IllegalArgumentException e) {
                throw new RolloutException(name, e.getMessage(), e);
            }
        }
        if (image.version().isEmpty()) {
            throw new RolloutException(name, "no version could be read from the file name; give one (--version,"
                    + " or edit it in the library)", null);
        }
        List<String> models = image.models();
        if (models.isEmpty()) {
            models = devices.stream().map(registry::info).flatMap(Optional::stream).map(DeviceInfo::model)
                    .filter(model -> !model.isBlank()).distinct().limit(16).toList();
            if (models.isEmpty()) {
                throw new RolloutException(name, "the image names no board model and none of the devices has "
                        + "announced its model yet", null);
            }
            image = library.setModels(imageId, models);
        }
        catalog.refresh();
        try {
            return new Release(image, library.release(imageId, models, securityVersion));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new RolloutException(name, "cannot sign a release: " + e.getMessage(), e);
        }
    }
}
