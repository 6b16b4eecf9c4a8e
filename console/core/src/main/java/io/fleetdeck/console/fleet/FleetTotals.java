package io.fleetdeck.console.fleet;

import java.util.Optional;

/**
 * Fleet-wide counters.
 *
 * @param devices          known devices
 * @param online           of which online
 * @param readings         readings accepted since start
 * @param rejected         messages and readings refused since start, including those from invalid device ids
 * @param unattributed     refusals that could not be pinned on a device (invalid id in the topic)
 * @param refusedAnnouncements mDNS announcements that could not be trusted as any device's
 * @param lastRefusedAnnouncement the reason of the newest of those
 */
public record FleetTotals(int devices, int online, long readings, long rejected, long unattributed,
                          long refusedAnnouncements, Optional<String> lastRefusedAnnouncement) {
}
