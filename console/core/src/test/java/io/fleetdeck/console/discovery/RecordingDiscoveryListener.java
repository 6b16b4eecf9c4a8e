package io.fleetdeck.console.discovery;

import io.fleetdeck.model.AnnouncementException;
import io.fleetdeck.model.DeviceAnnouncement;
import io.fleetdeck.model.DeviceId;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what a {@link DeviceBrowser} reported, for polling assertions. */
final class RecordingDiscoveryListener implements DiscoveryListener {
    record Announced(DeviceAnnouncement announcement, String instance, String hostname, List<InetAddress> addresses,
                     int port, String via, long atNanos) {
    }

    record Departed(DeviceId id, String instance, String via) {
    }

    final List<Announced> announced = new CopyOnWriteArrayList<>();
    final List<Departed> departed = new CopyOnWriteArrayList<>();
    final List<AnnouncementException> refused = new CopyOnWriteArrayList<>();

    @Override
    public void announced(DeviceAnnouncement announcement, String instance, String hostname,
                          List<InetAddress> addresses, int port, String via) {
        announced.add(new Announced(announcement, instance, hostname, addresses, port, via, System.nanoTime()));
    }

    @Override
    public void departed(DeviceId id, String instance, String via) {
        departed.add(new Departed(id, instance, via));
    }

    @Override
    public void refused(AnnouncementException reason, String via) {
        refused.add(reason);
    }

    Optional<Announced> last(String instance) {
        return announced.stream().filter(a -> a.instance().equals(instance)).reduce((a, b) -> b);
    }

    Optional<AnnouncementException> refusal(String instance) {
        return refused.stream().filter(r -> r.instance().equals(instance)).findFirst();
    }

    boolean departedInstance(String instance) {
        return departed.stream().anyMatch(d -> d.instance().equals(instance));
    }
}
