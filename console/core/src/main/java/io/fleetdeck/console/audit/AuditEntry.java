package io.fleetdeck.console.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One operator action in the audit log.
 *
 * @param id      the row's number, growing with every entry; 0 before it is stored
 * @param at      when the outcome was known
 * @param user    the operating-system user who ran the console or command
 * @param action  what was done
 * @param target  what it was done to: a device id, a job id, an image, a group name, or several devices
 * @param detail  the particulars (version, tags before and after, the reason of a failure)
 * @param outcome whether it succeeded
 */
public record AuditEntry(long id, Instant at, String user, AuditAction action, String target, String detail,
                         AuditOutcome outcome) {
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(outcome, "outcome");
    }
}
