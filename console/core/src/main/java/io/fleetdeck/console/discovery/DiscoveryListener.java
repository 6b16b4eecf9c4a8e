package io.fleetdeck.console.discovery;

import io.fleetdeck.model.AnnouncementException;
import io.fleetdeck.model.DeviceAnnouncement;
import io.fleetdeck.model.DeviceId;

import java.net.InetAddress;
import java.util.List;

/**
 * What the mDNS browser reports about devices, on its own threads. Implementations copy what they need and return;
 * they never block the browser.
 */
public interface DiscoveryListener {

    /**
     * A device's {@code _fleetdeck._tcp} service resolved with a valid TXT record and at least one IPv4 address.
     * Called again whenever the announcement or the addresses change (and may repeat identical values).
     *
     * @param announcement what its TXT record says
     * @param instance     the DNS-SD instance name, e.g. {@code bench-pi-07}
     * @param hostname     the SRV target host, e.g. {@code bench-pi-07.local.}
     * @param addresses    its addresses, IPv4 first
     * @param port         the SRV port
     * @param via          the name of the local interface it was seen on, e.g. {@code eth0}
     */
    void announced(DeviceAnnouncement announcement, String instance, String hostname, List<InetAddress> addresses,
                   int port, String via);

    /** The device's service said goodbye or its records expired. */
    void departed(DeviceId id, String instance, String via);

    /** An announcement of our service type that could not be trusted; nothing was created for it. */
    void refused(AnnouncementException reason, String via);
}
