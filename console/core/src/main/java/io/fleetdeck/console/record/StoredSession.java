package io.fleetdeck.console.record;

import io.fleetdeck.console.audit.SqliteAuditLog;
import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.firmware.OperatorKey;
import io.fleetdeck.console.firmware.SqliteFirmwareLibrary;
import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.ReadOnlyHistory;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.rollout.SqliteJobStore;
import io.fleetdeck.console.rollout.StoredJob;
import io.fleetdeck.console.storage.FleetDatabase;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.PayloadCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The stores of a data directory opened for a session record by a process other than the console (the {@code record}
 * command), beside a running console if there is one: the history read-only, {@code fleet.db} for the audit log
 * (the export is audited there), and {@code firmware.db}'s library and jobs when the directory has them (a console
 * that never imported an image has none; the record then lists no images and no installs).
 */
public final class StoredSession implements AutoCloseable {
    /** Newest jobs looked at for a range's installs: more than the window remembers (1,000), for older ranges. */
    private static final int JOBS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(StoredSession.class);

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final SqliteAuditLog audit;
    private final ReadOnlyHistory history;
    private final SqliteFirmwareLibrary library;
    private final SqliteJobStore jobs;

    /**
     * @param user who exports, as the audit log stamps it
     * @throws RuntimeException the store's own exception (missing history, schema of another version, unreadable
     *                          file), each naming its file; whatever was opened is closed again
     */
    public StoredSession(Path dataDirectory, Clock clock, String user) {
        try {
            history = opened(ReadOnlyHistory.open(dataDirectory.resolve(HistorySettings.FILE_NAME)));
            FleetDatabase fleet = opened(FleetDatabase.open(dataDirectory, clock));
            audit = new SqliteAuditLog(fleet, clock, user);
            if (Files.isRegularFile(dataDirectory.resolve(SqliteFirmwareLibrary.DATABASE_FILE))
                    && Files.isRegularFile(dataDirectory.resolve(OperatorKey.FILE_NAME))) {
                library = opened(SqliteFirmwareLibrary.open(dataDirectory, OperatorKey.loadOrCreate(dataDirectory),
                        new ManifestSignatures(new PayloadCodec()), clock));
                jobs = opened(SqliteJobStore.open(dataDirectory));
            } else {
                library = null;
                jobs = null;
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T opened(T store) {
        opened.add(store);
        return store;
    }

    /** What a {@link SessionRecordWriter} reads. */
    public SessionSources sources() {
        return new SessionSources(audit, this::images, this::jobs, history);
    }

    /** The history, e.g. to list a device's sensors. */
    public ReadOnlyHistory history() {
        return history;
    }

    private List<FirmwareImage> images() {
        return library == null ? List.of() : library.images();
    }

    private List<RolloutJob> jobs() {
        return jobs == null ? List.of() : jobs.recent(JOBS).stream().map(StoredJob::job).toList();
    }

    @Override
    public void close() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                // Read-mostly stores: nothing of the record's is lost when one fails to close.
                log.warn("Cannot close {}: {}", opened.get(i),
                        e.getMessage());
            }
        }
        opened.clear();
    }
}
