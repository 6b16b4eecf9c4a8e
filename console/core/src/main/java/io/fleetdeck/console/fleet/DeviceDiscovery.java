package io.fleetdeck.console.fleet;

import io.fleetdeck.model.DeviceAnnouncement;

import java.util.List;

/**
 * How a device was last seen over mDNS.
 *
 * @param announcement what its TXT record said
 * @param instance     its DNS-SD instance name
 * @param hostname     the SRV target
 * @param addresses    its addresses as text, IPv4 first
 * @param via          the local interface it was seen on
 * @param firstSeenMs  when it was first announced in this run of the console
 * @param lastSeenMs   the latest announcement
 * @param present      false after a goodbye or an expiry
 */
public record DeviceDiscovery(DeviceAnnouncement announcement, String instance, String hostname,
                              List<String> addresses, String via, long firstSeenMs, long lastSeenMs,
                              boolean present) {
    public DeviceDiscovery {
        addresses = List.copyOf(addresses);
    }
}
