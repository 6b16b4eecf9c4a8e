package io.fleetdeck.console.audit;

import io.fleetdeck.console.export.CsvFields;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.fleetdeck.common.files.DurableFiles;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes audit entries as CSV or JSON, the same columns in both: {@code id, time_utc, user, action, target, detail,
 * outcome}, time as ISO-8601 UTC. Used by the window's audit view and {@code fleetdeck audit}.
 */
public final class AuditExport {
    static final String CSV_HEADER = "id,time_utc,user,action,target,detail,outcome";
    private static final JsonFactory JSON = new JsonFactory();

    private AuditExport() {
    }

    /**
     * Writes {@code entries} into {@code file} in {@code format}, replacing it only once complete (a crash leaves the
     * old file or the whole new one, never half an export).
     */
    public static void writeFile(List<AuditEntry> entries, AuditFormat format, Path file) throws IOException {
        StringWriter text = new StringWriter();
        write(entries, format, text);
        DurableFiles.writeAtomically(file, text.toString());
    }

    /** Writes {@code entries} to {@code out} in {@code format}; does not close {@code out}. */
    public static void write(List<AuditEntry> entries, AuditFormat format, Writer out) throws IOException {
        switch (format) {
            case CSV -> writeCsv(entries, out);
            case JSON -> writeJson(entries, out);
        }
        out.flush();
    }

    private static void writeCsv(List<AuditEntry> entries, Writer out) throws IOException {
        out.write(CSV_HEADER);
        out.write("\r\n");
        for (AuditEntry entry : entries) {
            out.write(String.join(",", Long.toString(entry.id()), time(entry), CsvFields.text(entry.user()),
                    entry.action().name(), CsvFields.text(entry.target()), CsvFields.text(entry.detail()),
                    entry.outcome().name()));
            // RFC 4180 ends records with CRLF; spreadsheet programs read it either way.
            out.write("\r\n");
        }
    }

    private static void writeJson(List<AuditEntry> entries, Writer out) throws IOException {
        JsonGenerator json = JSON.createGenerator(out);
        json.useDefaultPrettyPrinter();
        json.writeStartArray();
        for (AuditEntry entry : entries) {
            json.writeStartObject();
            json.writeNumberField("id", entry.id());
            json.writeStringField("time_utc", time(entry));
            json.writeStringField("user", entry.user());
            json.writeStringField("action", entry.action().name());
            json.writeStringField("target", entry.target());
            json.writeStringField("detail", entry.detail());
            json.writeStringField("outcome", entry.outcome().name());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeRaw('\n');
        json.flush();
    }

    private static String time(AuditEntry entry) {
        return DateTimeFormatter.ISO_INSTANT.format(entry.at());
    }
}
