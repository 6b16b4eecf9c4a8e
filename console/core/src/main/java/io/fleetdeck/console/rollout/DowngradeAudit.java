package io.fleetdeck.console.rollout;

import io.fleetdeck.model.CommandResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of downgrades: a release below a device's committed security version goes in only because the
 * operator said so, and that is written to its own logger ({@code io.fleetdeck.console.audit}) with device, levels and
 * job, once the device accepted the install. The device's level comes from its answer ({@code data.securityVersion}).
 */
final class DowngradeAudit {
    private static final Logger audit = LoggerFactory.getLogger("io.fleetdeck.console.audit");

    private DowngradeAudit() {
    }

    /** Logs the downgrade when the device's committed level is above the release's; otherwise it was none. */
    static void accepted(RolloutJob job, int releaseLevel, CommandResponse answer) {
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
        audit.warn("operator allowed downgrade of {} from sv {} to {}, job {} ({})", job.device(),
                deviceLevel < 0 ? "?" : Integer.toString(deviceLevel), releaseLevel, job.id(), job.version());
    }
}
