package io.fleetdeck.model;

/**
 * An mDNS announcement whose TXT record cannot be trusted as a Fleetdeck device or console. Carries the reason and
 * the service instance it came from, for the log and for a "discovered but refused" line in the UI.
 */
public final class AnnouncementException extends Exception {
    /** Why an announcement was refused. */
    public enum Reason {
        /** The TXT record is larger than any real announcement. */
        TOO_LARGE,
        /** A key or value is not valid UTF-8. */
        NOT_UTF8,
        /** A required key is absent. */
        MISSING_KEY,
        /** The {@code proto} key names a version this side does not speak. */
        UNKNOWN_VERSION,
        /** A value breaks its rule: an unsafe id, a malformed fingerprint or broker URL. */
        INVALID_VALUE
    }

    private final Reason reason;
    private final String instance;

    public AnnouncementException(Reason reason, String instance, String detail) {
        super("announcement " + Identifiers.quote(instance) + " refused (" + reason.name().toLowerCase()
                .replace('_', ' ') + "): " + detail);
        this.reason = reason;
        this.instance = instance;
    }

    public Reason reason() {
        return reason;
    }

    /** The mDNS service instance name, as received. */
    public String instance() {
        return instance;
    }
}
