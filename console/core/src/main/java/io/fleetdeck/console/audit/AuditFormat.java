package io.fleetdeck.console.audit;

import java.util.Locale;

/** How {@link AuditExport} writes the log. */
public enum AuditFormat {
    /** RFC 4180: a header line, then one line per entry. */
    CSV,
    /** One JSON array of objects, one per entry. */
    JSON;

    /** The usual file name extension, without the dot. */
    public String extension() {
        return name().toLowerCase(Locale.ROOT);
    }
}
