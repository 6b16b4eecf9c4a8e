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
    GROUP_DELETE,
    /** Started a staged rollout (its stages, concurrency limit and failure threshold in the detail). */
    STAGED_START,
    /** A staged rollout began a stage (its devices in the detail). */
    STAGED_STAGE,
    /** A staged rollout paused: more installs failed than its threshold allows (which device and why in the detail). */
    STAGED_PAUSE,
    /** Resumed a paused staged rollout. */
    STAGED_RESUME,
    /** Aborted a staged rollout: devices not yet started are skipped. */
    STAGED_ABORT,
    /** A staged rollout went through its last stage. */
    STAGED_DONE,
    /** Exported a session record (a zip of a time range's actions, images, installs and telemetry). */
    SESSION_RECORD,
    /** Asked a device to drive a GPIO pin (pin, level, and the device's answer or refusal in the detail). */
    GPIO_WRITE
}
