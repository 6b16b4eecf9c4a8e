package io.fleetdeck.console.firmware;

import io.fleetdeck.model.SignedManifest;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The console's collection of firmware images: files in the data dir, described in {@code firmware.db}. Imports are
 * slow (they decompress the whole image) and must run off the FX thread; the rest are quick database calls.
 */
public interface FirmwareLibrary extends AutoCloseable {
    /** Imports an image with no target models yet; see {@link #importImage(Path, List)}. */
    default FirmwareImage importImage(Path source) {
        return importImage(source, List.of());
    }

    /**
     * Checks and copies {@code source} into the library. An image already in the library (same raw SHA-256, whatever
     * its container) is not stored twice: the existing entry is returned unchanged.
     *
     * @throws FirmwareImportException with the reason the file was refused
     */
    FirmwareImage importImage(Path source, List<String> models);

    /**
     * Where a corrupt library file found at open was moved, the library (and the job table beside it) starting
     * anew; empty when the file was sound or new. For the operator: the old file can still be recovered.
     */
    Optional<Path> corruptFileMovedTo();

    /** All images, newest import first. */
    List<FirmwareImage> images();

    Optional<FirmwareImage> image(long id);

    /** Corrects the version guessed from the file name; it is what the manifest will promise. */
    FirmwareImage setVersion(long id, String version);

    FirmwareImage setModels(long id, List<String> models);

    /**
     * Signs a manifest for image {@code id} with the operator key: its version, {@code models}, raw size and hash,
     * at security version 0.
     *
     * @throws IllegalStateException when the image has no version yet
     */
    default SignedManifest release(long id, List<String> models) {
        return release(id, models, 0);
    }

    /**
     * Signs a manifest for image {@code id} at anti-rollback level {@code securityVersion}: devices that committed a
     * higher level refuse it unless the install allows a downgrade.
     *
     * @throws IllegalStateException when the image has no version yet
     */
    SignedManifest release(long id, List<String> models, int securityVersion);

    @Override
    void close();
}
