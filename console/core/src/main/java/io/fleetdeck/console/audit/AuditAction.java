package io.fleetdeck.console.audit;

/** What an operator did, as the audit log names it. */
public enum AuditAction {
    /** Offered a device this console's key and pinned the device's (window's Adopt, {@code deploy --adopt}). */
    ADOPT,
    /** Imported a firmware image into the library. */
    IMPORT,
    /** Corrected the version the library guessed for an image. */
    SET_VERSION,
    /** Signed a release of an image for some devices (before their pre-flight). */
    RELEASE,
    /** Started installs on the devices a pre-flight cleared. */
    ROLLOUT_START,
    /** Asked for an unfinished install job to be cancelled. */
    CANCEL,
    /** Changed a device's tags. */
    TAG_CHANGE,
    /** Saved a group (new or changed filter). */
    GROUP_SAVE,
    /** Deleted a saved group. */
    GROUP_DELETE
}
