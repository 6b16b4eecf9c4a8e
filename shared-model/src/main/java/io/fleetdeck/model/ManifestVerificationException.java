package io.fleetdeck.model;

/** A manifest that must not be trusted, with the reason a device reports back and a technician can act on. */
public final class ManifestVerificationException extends Exception {
    /** Why a manifest was refused. */
    public enum Reason {
        /** Signed by a key the device does not trust (or the fingerprint does not match the key). */
        UNKNOWN_KEY,
        /** The signature does not match the manifest: tampered, or signed over other bytes. */
        BAD_SIGNATURE
    }

    private final Reason reason;

    public ManifestVerificationException(Reason reason, String detail) {
        super("manifest refused (" + reason.name().toLowerCase().replace('_', ' ') + "): " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
