package io.fleetdeck.console.rollout;

import io.fleetdeck.model.CommandResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of downgrades: a release below a device's committed security version goes in only because the
 * operator said so, and that is written to its own logger ({@code io.fleetdeck.console.audit}) and to the job's audit
 * in the job table, with device, levels and job, once the device accepted the install. The device's level comes from
 * its answer ({@code data.securityVersion}).
 */
final class DowngradeAudit {
    private static final Logger audit = LoggerFactory.getLogger("io.fleetdeck.console.audit");

    private DowngradeAudit() {
    }

    /** Logs and stores the downgrade when the device's committed level is above the release's; else it was none. */
    static void accepted(RolloutJob job, int releaseLevel, CommandResponse answer, SqliteJobStore store, long nowMs) {
        String reported = answer.data().get("securityVersion");
        int deviceLevel;
        try {
            deviceLevel = reported == null ? -1 : Integer.parseInt(reported);
        } catch (NumberFormatException e) {
            deviceLevel = -1;
        }
        if (deviceLevel >= 0 && deviceLevel <= releaseLevel) {
            return;
        }
        String line = "operator allowed downgrade of " + job.device() + " from sv "
                + (deviceLevel < 0 ? "?" : Integer.toString(deviceLevel)) + " to " + releaseLevel + ", job " + job.id();
        audit.warn("{} ({})", line, job.version());
        try {
            store.audit(job.id(), nowMs, line);
        } catch (JobStoreException e) {
            // The log line stands; the table is the convenience copy.
            audit.error("could not store the audit of job {}: {}", job.id(), e.getMessage());
        }
    }
}
