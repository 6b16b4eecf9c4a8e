package io.fleetdeck.console.fleet;

import io.fleetdeck.console.discovery.DiscoveryListener;
import io.fleetdeck.model.AnnouncementException;
import io.fleetdeck.model.DeviceAnnouncement;
import io.fleetdeck.model.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Hands what the mDNS browser sees to the fleet registry; refusals are logged once per instance and reason. */
public final class FleetDiscoveryAdapter implements DiscoveryListener {
    private static final Logger LOG = LoggerFactory.getLogger(FleetDiscoveryAdapter.class);

    private final FleetRegistry registry;
    private final Clock clock;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    public FleetDiscoveryAdapter(FleetRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public void announced(DeviceAnnouncement announcement, String instance, String hostname,
                          List<InetAddress> addresses, int port, String via) {
        registry.recordAnnouncement(announcement, instance, hostname,
                addresses.stream().map(InetAddress::getHostAddress).toList(), via, clock.millis());
    }

    @Override
    public void departed(DeviceId id, String instance, String via) {
        registry.recordDeparture(id, instance, via, clock.millis());
    }

    @Override
    public void refused(AnnouncementException reason, String via) {
        registry.recordRefusedAnnouncement(reason.getMessage());
        if (logged.size() < 1_000 && logged.add(reason.instance() + "|" + reason.reason())) {
            LOG.warn("refused an mDNS announcement via {}: {}", via, reason.getMessage());
        }
    }
}
