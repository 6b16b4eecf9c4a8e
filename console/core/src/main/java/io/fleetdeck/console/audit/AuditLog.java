package io.fleetdeck.console.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every operator action (adopt, import, release, rollout start, cancel, tag and group changes) with who, when, what
 * and how it ended, kept for as long as the data directory. Recorded where each action happens, on the thread that
 * learns its outcome; blocking (SQLite), never on the FX thread.
 */
public interface AuditLog {
    /**
     * Adds an entry stamped now with this process's user. Never throws: the action has already happened, so a
     * failure to store its entry is logged (with the entry) instead of turning a done action into a failed one.
     */
    void record(AuditAction action, String target, String detail, AuditOutcome outcome);

    default void succeeded(AuditAction action, String target, String detail) {
        record(action, target, detail, AuditOutcome.SUCCEEDED);
    }

    default void failed(AuditAction action, String target, String detail) {
        record(action, target, detail, AuditOutcome.FAILED);
    }

    /**
     * Entries at or after {@code since} (all when empty), oldest first.
     *
     * @throws io.fleetdeck.console.storage.FleetDatabaseException when the log cannot be read
     */
    List<AuditEntry> entries(Optional<Instant> since);
}
