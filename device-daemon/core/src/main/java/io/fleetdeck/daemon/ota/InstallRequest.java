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
 * @param servedSize the file's size as the console serves it (the install command's {@code size}), or 0 when not
 *                 known; the download is cut off past it ({@link #maxServedBytes()})
 */
public record InstallRequest(SignedManifest manifest, Map<KeyFingerprint, PublicKey> trusted, URI image,
                             String token, Slot target, ImageFormat format, long servedSize) {
    /** Slack for container overhead when the served size is unknown: headers, indexes, a zip's other members. */
    private static final long UNKNOWN_SIZE_SLACK = 1 << 20;

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
        if (servedSize < 0) {
            throw new IllegalArgumentException("servedSize is negative: " + servedSize);
        }
    }

    /** A request whose served size is not known. */
    public InstallRequest(SignedManifest manifest, Map<KeyFingerprint, PublicKey> trusted, URI image, String token,
                          Slot target, ImageFormat format) {
        this(manifest, trusted, image, token, target, format, 0);
    }

    public InstallRequest withServedSize(long value) {
        return new InstallRequest(manifest, trusted, image, token, target, format, value);
    }

    /**
     * The most bytes of the file a download may bring: the served size when the command gave it, else twice the raw
     * image and 1 MiB (no image container is larger than that; an incompressible image stored in one is barely
     * larger than raw). More than this is a hostile or broken server, refused as {@code TOO_LARGE}.
     */
    public long maxServedBytes() {
        return servedSize > 0 ? servedSize : 2 * manifest.manifest().rawSize() + UNKNOWN_SIZE_SLACK;
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
