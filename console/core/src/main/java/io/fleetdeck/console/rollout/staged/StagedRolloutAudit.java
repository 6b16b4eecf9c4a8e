package io.fleetdeck.console.rollout.staged;

import io.fleetdeck.console.audit.AuditAction;
import io.fleetdeck.console.audit.AuditLog;
import io.fleetdeck.console.audit.AuditOutcome;

import java.util.function.Consumer;

/**
 * Keeps every step of a staged rollout in the audit log: who started, resumed or aborted it, each stage it began and
 * why it paused — the record of why a device was held back. Runs on the staged rollouts' thread (SQLite writes).
 */
public final class StagedRolloutAudit implements Consumer<StagedRolloutEvent> {
    private final AuditLog audit;

    public StagedRolloutAudit(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void accept(StagedRolloutEvent event) {
        AuditAction action = switch (event.kind()) {
            case STARTED -> AuditAction.STAGED_START;
            case STAGE_STARTED -> AuditAction.STAGED_STAGE;
            case PAUSED -> AuditAction.STAGED_PAUSE;
            case RESUMED -> AuditAction.STAGED_RESUME;
            case ABORTED -> AuditAction.STAGED_ABORT;
            case DONE -> AuditAction.STAGED_DONE;
        };
        String detail = "stage " + (event.stage() + 1) + (event.detail().isEmpty() ? "" : ": " + event.detail());
        // A pause is the rollout refusing to go on: recorded as what failed, with the device and its reason.
        audit.record(action, "staged rollout " + event.rolloutId(), detail,
                event.kind() == StagedRolloutEvent.Kind.PAUSED ? AuditOutcome.FAILED : AuditOutcome.SUCCEEDED);
    }
}
