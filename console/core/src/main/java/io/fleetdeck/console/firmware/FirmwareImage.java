package io.fleetdeck.console.firmware;

import io.fleetdeck.model.ImageFormat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An image in the firmware library.
 *
 * @param id             library key
 * @param name           the file name it was imported from
 * @param version        the version it will report once installed; empty until guessed from the name or set
 * @param models         board models it is meant for; empty until the operator says
 * @param format         its container as stored
 * @param compressedSize bytes of the stored file
 * @param rawSize        bytes of the uncompressed image
 * @param rawSha256      lower-case hex SHA-256 of the uncompressed image; also its identity in the library
 * @param importedAt     when it was first imported
 * @param file           the stored copy, named by {@code rawSha256}
 */
public record FirmwareImage(long id, String name, Optional<String> version, List<String> models, ImageFormat format,
                            long compressedSize, long rawSize, String rawSha256, Instant importedAt, Path file) {
    public FirmwareImage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        models = List.copyOf(models);
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(rawSha256, "rawSha256");
        Objects.requireNonNull(importedAt, "importedAt");
        Objects.requireNonNull(file, "file");
    }
}
