package io.fleetdeck.console.audit;

/** How an audited action ended. */
public enum AuditOutcome {
    SUCCEEDED,
    /** It was refused or went wrong; the entry's detail says why. */
    FAILED
}
