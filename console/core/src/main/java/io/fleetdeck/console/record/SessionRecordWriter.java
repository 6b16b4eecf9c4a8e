package io.fleetdeck.console.record;

import io.fleetdeck.console.audit.AuditAction;
import io.fleetdeck.console.export.ExportCancelledException;
import io.fleetdeck.console.export.ExportDiskFullException;
import io.fleetdeck.console.export.ExportWriteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Writes a session record: one zip holding everything that happened in a time range, readable without the console.
 * <ul>
 *   <li>{@code summary.md}: the range, the operators, the actions, the images with their SHA-256, each device's
 *       install outcomes, each sensor's figures and its chart;</li>
 *   <li>{@code audit.csv} (the audit log's columns), {@code firmware.csv}, {@code installs.csv};</li>
 *   <li>{@code telemetry/<device>/<sensor>.csv} (the history export's columns) and
 *       {@code charts/<device>-<sensor>.png} per sensor.</li>
 * </ul>
 * Streamed: one sensor's scan at a time writes its CSV and feeds its chart and figures, so memory stays flat for any
 * number of readings. The zip is written under a hidden name beside the target and renamed over it only when
 * complete (and synced), so a failure or a cancel leaves no partial record and an existing file unchanged. The export
 * itself goes into the audit log, with how it ended. Blocks: never call it on the JavaFX thread.
 */
public final class SessionRecordWriter {
    private static final Logger log = LoggerFactory.getLogger(SessionRecordWriter.class);

    private final SessionSources sources;
    private final Clock clock;
    private final String user;

    /** @param user who exports: the summary names them (the audit log stamps its own user) */
    public SessionRecordWriter(SessionSources sources, Clock clock, String user) {
        this.sources = Objects.requireNonNull(sources, "sources");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.user = Objects.requireNonNull(user, "user");
    }

    /**
     * Writes the record of {@code request} into {@code target} (a {@code .zip}), replacing it only once complete.
     *
     * @throws ExportWriteException     when the file cannot be written, e.g. its directory is missing or read-only
     *                                  ({@link ExportDiskFullException} on a full disk); nothing is left behind
     * @throws ExportCancelledException when {@code cancelled} turned true or the thread was interrupted
     */
    public SessionRecordResult write(SessionRecordRequest request, Path target, SessionRecordListener listener,
                                     BooleanSupplier cancelled) {
        Path absolute = target.toAbsolutePath();
        try {
            SessionRecordResult result = new RecordRun(sources, clock, user, request, absolute, listener, cancelled)
                    .write();
            sources.audit().succeeded(AuditAction.SESSION_RECORD, absolute.toString(), describe(request, result));
            log.info("Wrote the session record {} ({} to {}): {} actions, {} images, {} installs, {} sensors, {} "
                            + "readings", absolute, RecordText.utc(request.fromMs()), RecordText.utc(request.toMs()),
                    result.actions(), result.images(), result.installs(), result.sensors(), result.readings());
            return result;
        } catch (RuntimeException e) {
            sources.audit().failed(AuditAction.SESSION_RECORD, absolute.toString(), range(request) + ": "
                    + e.getMessage());
            throw e;
        }
    }

    private static String range(SessionRecordRequest request) {
        return RecordText.utc(request.fromMs()) + " to " + RecordText.utc(request.toMs());
    }

    private static String describe(SessionRecordRequest request, SessionRecordResult result) {
        return range(request) + ": " + result.actions() + " actions, " + result.images() + " images, "
                + result.installs() + " installs, " + result.sensors() + " sensors, " + result.readings()
                + " readings";
    }
}
