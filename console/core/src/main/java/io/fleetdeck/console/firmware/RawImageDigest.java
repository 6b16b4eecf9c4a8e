package io.fleetdeck.console.firmware;

/**
 * Size and SHA-256 of an uncompressed image: what the device will write to its slot and check after writing.
 *
 * @param rawSize   bytes of the uncompressed image
 * @param rawSha256 lower-case hex SHA-256 of those bytes
 */
public record RawImageDigest(long rawSize, String rawSha256) {
}
