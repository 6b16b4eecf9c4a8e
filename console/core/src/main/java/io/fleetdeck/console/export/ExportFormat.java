package io.fleetdeck.console.export;

import java.io.Writer;

/** The file formats an export writes; both are text, one reading per line, in UTF-8. */
public enum ExportFormat {
    /** {@code device,sensor,ts_ms,time_utc,value} with a header line; RFC 4180 quoting, LF line ends. */
    CSV("csv"),
    /** One JSON object per line: {@code {"device":…,"sensor":…,"ts_ms":…,"time_utc":…,"value":…}}. */
    JSON_LINES("jsonl");

    private final String extension;

    ExportFormat(String extension) {
        this.extension = extension;
    }

    /** The usual file name extension, without the dot; also the name the CLI takes. */
    public String extension() {
        return extension;
    }

    /** The format named by {@code name} ({@code csv} or {@code jsonl}, any case). */
    public static ExportFormat named(String name) {
        for (ExportFormat format : values()) {
            if (format.extension.equalsIgnoreCase(name)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown export format '" + name + "' (use csv or jsonl)");
    }

    RowWriter rows(Writer out) {
        return switch (this) {
            case CSV -> new CsvRows(out);
            case JSON_LINES -> new JsonLinesRows(out);
        };
    }
}
