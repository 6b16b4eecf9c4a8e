package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.FirmwareManifest;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.ManifestVerificationException;

import java.io.IOException;

/**
 * What an install checks before any byte moves: a manifest signed by a trusted key, for this board's model, no larger
 * than the target slot nor than what the disk can still take. A refusal here costs no download and leaves the slot
 * as it was.
 */
final class PreDownloadCheck {
    private final ManifestSignatures signatures;
    private final SlotStore slots;
    private final String deviceModel;

    /** @param deviceModel this board's model, matched against the manifest's models */
    PreDownloadCheck(ManifestSignatures signatures, SlotStore slots, String deviceModel) {
        this.signatures = signatures;
        this.slots = slots;
        this.deviceModel = deviceModel;
    }

    /** Returns the verified manifest of {@code request}, or the reason it must not be installed. */
    FirmwareManifest verify(InstallRequest request) throws InstallException {
        FirmwareManifest manifest;
        try {
            manifest = signatures.verify(request.manifest(), request.trusted());
        } catch (ManifestVerificationException e) {
            throw InstallException.of(switch (e.reason()) {
                case UNKNOWN_KEY -> InstallFailure.UNKNOWN_KEY;
                case BAD_SIGNATURE -> InstallFailure.BAD_SIGNATURE;
            }, e.getMessage());
        }
        if (!manifest.fits(deviceModel)) {
            throw InstallException.of(InstallFailure.WRONG_MODEL, "image is for " + manifest.models()
                    + ", this board is '" + deviceModel + "'");
        }
        long capacity = slots.capacity(request.target());
        if (manifest.rawSize() > capacity) {
            throw InstallException.of(InstallFailure.TOO_LARGE, "image has " + manifest.rawSize() + " raw bytes, slot "
                    + request.target() + " holds " + capacity);
        }
        try {
            long writable = slots.writableBytes(request.target());
            if (manifest.rawSize() > writable) {
                throw InstallException.of(InstallFailure.NO_SPACE, "image has " + manifest.rawSize()
                        + " raw bytes, only " + writable + " can be written to slot " + request.target());
            }
        } catch (IOException e) {
            throw InstallException.slotFailure(e, -1);
        }
        return manifest;
    }
}
