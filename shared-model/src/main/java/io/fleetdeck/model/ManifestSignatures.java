package io.fleetdeck.model;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;

/** Ed25519 signing and checking of firmware manifests; keys are the JDK's own, no provider needed. */
public final class ManifestSignatures {
    private final PayloadCodec codec;

    public ManifestSignatures(PayloadCodec codec) {
        this.codec = codec;
    }

    /** The bytes a signature covers: the manifest's canonical JSON (record component order, no whitespace). */
    public byte[] signedBytes(FirmwareManifest manifest) {
        return codec.encode(manifest);
    }

    public SignedManifest sign(FirmwareManifest manifest, KeyPair key) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(key.getPrivate());
            ed25519.update(signedBytes(manifest));
            return new SignedManifest(ProtocolVersion.CURRENT, manifest, KeyFingerprint.of(key.getPublic()),
                    Base64.getEncoder().encodeToString(ed25519.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with an " + key.getPrivate().getAlgorithm() + " key", e);
        }
    }

    /**
     * Returns the manifest when a trusted key signed exactly it; otherwise says why not. {@code trusted} maps each
     * trusted key's fingerprint to the key.
     */
    public FirmwareManifest verify(SignedManifest signed, Map<KeyFingerprint, PublicKey> trusted)
            throws ManifestVerificationException {
        PublicKey key = trusted.get(signed.key());
        if (key == null || !KeyFingerprint.of(key).equals(signed.key())) {
            throw new ManifestVerificationException(ManifestVerificationException.Reason.UNKNOWN_KEY,
                    "signed by " + signed.key() + ", trusted: " + trusted.keySet());
        }
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key);
            ed25519.update(signedBytes(signed.manifest()));
            if (!ed25519.verify(Base64.getDecoder().decode(signed.signature()))) {
                throw new ManifestVerificationException(ManifestVerificationException.Reason.BAD_SIGNATURE,
                        "signature of " + signed.key() + " does not match manifest " + signed.manifest().version());
            }
            return signed.manifest();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ManifestVerificationException(ManifestVerificationException.Reason.BAD_SIGNATURE,
                    "cannot check the signature: " + e.getMessage());
        }
    }
}
