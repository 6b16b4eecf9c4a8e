package io.fleetdeck.console.fleet;

/**
 * Fleet-wide counters.
 *
 * @param devices          known devices
 * @param online           of which online
 * @param readings         readings accepted since start
 * @param rejected         messages and readings refused since start, including those from invalid device ids
 * @param unattributed     refusals that could not be pinned on a device (invalid id in the topic)
 */
public record FleetTotals(int devices, int online, long readings, long rejected, long unattributed) {
}
