package io.fleetdeck.console.fleet;

import io.fleetdeck.console.discovery.DiscoveryListener;
import io.fleetdeck.model.AnnouncementException;
import io.fleetdeck.model.DeviceAnnouncement;
import io.fleetdeck.model.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * Where mDNS discoveries meet the fleet registry. For now it only logs: tiles for discovered devices, merging with
 * MQTT-known ones and key pinning are filled in with the registry work.
 */
public final class FleetDiscoveryAdapter implements DiscoveryListener {
    private static final Logger log = LoggerFactory.getLogger(FleetDiscoveryAdapter.class);

    private final FleetRegistry registry;

    public FleetDiscoveryAdapter(FleetRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void announced(DeviceAnnouncement announcement, String instance, String hostname,
                          List<InetAddress> addresses, int port, String via) {
        log.info("discovered {} ({}, fw {}, key {}) as {} at {} {} via {}", announcement.id(), announcement.model(),
                announcement.firmwareVersion(), announcement.fingerprint().shortForm(), instance, hostname,
                addresses, via);
    }

    @Override
    public void departed(DeviceId id, String instance, String via) {
        log.info("{} ({}) left mDNS via {}", id, instance, via);
    }

    @Override
    public void refused(AnnouncementException reason, String via) {
        log.warn("refused an mDNS announcement via {}: {}", via, reason.getMessage());
    }

    FleetRegistry registry() {
        return registry;
    }
}
