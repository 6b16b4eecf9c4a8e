package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.ImageFormat;
import io.fleetdeck.model.Slot;

import java.util.Optional;
import java.util.Properties;

/**
 * The durable progress of a download: {@code offset} bytes of the file identified by the manifest hash are in the
 * slot and fsynced. Only raw images resume from it; for compressed ones it records how far the last attempt got.
 *
 * @param etag the server's ETag, sent back as If-Range so a changed file restarts instead of splicing
 */
record ResumePoint(String rawSha256, Slot slot, ImageFormat format, long offset, Optional<String> etag) {
    boolean continues(InstallRequest request) {
        return format.resumable() && format == request.format() && slot == request.target()
                && rawSha256.equals(request.manifest().manifest().rawSha256());
    }

    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("rawSha256", rawSha256);
        p.setProperty("slot", slot.name());
        p.setProperty("format", format.name());
        p.setProperty("offset", Long.toString(offset));
        etag.ifPresent(value -> p.setProperty("etag", value));
        return p;
    }

    static Optional<ResumePoint> fromProperties(Properties p) {
        try {
            return Optional.of(new ResumePoint(p.getProperty("rawSha256", ""), Slot.valueOf(p.getProperty("slot")),
                    ImageFormat.valueOf(p.getProperty("format")), Long.parseLong(p.getProperty("offset")),
                    Optional.ofNullable(p.getProperty("etag"))));
        } catch (RuntimeException e) {
            // An unreadable record only costs a fresh download; the hash check still guards the result.
            return Optional.empty();
        }
    }
}
