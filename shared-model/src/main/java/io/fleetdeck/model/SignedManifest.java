package io.fleetdeck.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A manifest with its Ed25519 signature. The signature covers {@link ManifestSignatures#signedBytes} of the manifest
 * (its canonical JSON), not this envelope, so field order on the wire cannot change what was signed.
 *
 * @param v         protocol version
 * @param manifest  the release's promises
 * @param key       fingerprint of the key that signed it
 * @param signature base64 of the 64-byte Ed25519 signature
 */
public record SignedManifest(int v, FirmwareManifest manifest, KeyFingerprint key, String signature) {
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{86}==");

    public SignedManifest {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(key, "key");
        if (signature == null || !BASE64.matcher(signature).matches()) {
            throw new IllegalArgumentException("signature is not a base64 Ed25519 signature");
        }
    }
}
