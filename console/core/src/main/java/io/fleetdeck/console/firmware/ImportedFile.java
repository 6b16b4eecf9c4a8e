package io.fleetdeck.console.firmware;

import io.fleetdeck.model.ImageFormat;

import java.nio.file.Path;

/**
 * An image checked and copied into the library directory under a temp name, ready to be published.
 *
 * @param source         the file the operator dropped
 * @param temp           the fsynced copy in the library directory
 * @param format         its container
 * @param compressedSize bytes of the file as dropped
 * @param digest         size and SHA-256 of the image inside
 */
record ImportedFile(Path source, Path temp, ImageFormat format, long compressedSize, RawImageDigest digest) {
}
