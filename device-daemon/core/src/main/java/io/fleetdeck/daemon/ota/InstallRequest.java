package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.ImageFormat;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.SignedManifest;
import io.fleetdeck.model.Slot;

import java.net.URI;
import java.security.PublicKey;
import java.util.Map;
import java.util.Objects;

/**
 * One image to install.
 *
 * @param manifest the signed release manifest; nothing is downloaded before its signature checks out
 * @param trusted  the device's trusted keys by fingerprint
 * @param image    where the console serves the file (http)
 * @param token    the per-job token the console's image server demands; never logged
 * @param target   the slot to write: the inactive one
 * @param format   how the file is compressed
 */
public record InstallRequest(SignedManifest manifest, Map<KeyFingerprint, PublicKey> trusted, URI image,
                             String token, Slot target, ImageFormat format) {
    public InstallRequest {
        Objects.requireNonNull(manifest, "manifest");
        trusted = Map.copyOf(trusted);
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(format, "format");
        if (!"http".equals(image.getScheme()) && !"https".equals(image.getScheme())) {
            throw new IllegalArgumentException("not an http(s) image URL: " + image);
        }
    }

    /** A request whose format is taken from the last segment of the URL's path. */
    public static InstallRequest of(SignedManifest manifest, Map<KeyFingerprint, PublicKey> trusted, URI image,
                                    String token, Slot target) {
        String path = image.getPath() == null ? "" : image.getPath();
        return new InstallRequest(manifest, trusted, image, token, target,
                ImageFormat.ofFileName(path.substring(path.lastIndexOf('/') + 1)));
    }

    @Override
    public String toString() {
        return "InstallRequest[" + manifest.manifest().version() + " from " + image + " to slot " + target + "]";
    }
}
