package io.fleetdeck.daemon.discovery;

import io.fleetdeck.common.mdns.Advertisement;
import io.fleetdeck.common.mdns.ServiceAdvertiser;
import io.fleetdeck.model.DeviceAnnouncement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * Announces one device as {@code _fleetdeck._tcp}: instance name (the host name for a real device, the device id for
 * a virtual one, since many share a host), SRV port 0 (a device serves nothing inbound; see docs/protocol.md) and the
 * TXT record of its {@link DeviceAnnouncement}. {@link #update} re-announces after a firmware change.
 */
public final class DeviceAnnouncer {
    /** SRV port: a device accepts no connections; the console reaches it only through the broker. */
    public static final int NO_INBOUND_PORT = 0;
    private static final Logger log = LoggerFactory.getLogger(DeviceAnnouncer.class);

    private final ServiceAdvertiser advertiser;
    private final Advertisement advertisement;
    private DeviceAnnouncement current;

    public DeviceAnnouncer(ServiceAdvertiser advertiser, String instance, DeviceAnnouncement announcement) {
        this.advertiser = Objects.requireNonNull(advertiser, "advertiser");
        this.current = Objects.requireNonNull(announcement, "announcement");
        this.advertisement = advertiser.advertise(DeviceAnnouncement.SERVICE_TYPE, instance, NO_INBOUND_PORT,
                announcement.toTxt());
        log.info("announcing {} as {} (fw {}, key {})", announcement.id(), instance, announcement.firmwareVersion(),
                announcement.fingerprint().shortForm());
    }

    public synchronized DeviceAnnouncement current() {
        return current;
    }

    /** Re-announces with a new TXT record when it differs, e.g. after the firmware version changed. */
    public synchronized void update(DeviceAnnouncement announcement) {
        if (!announcement.equals(current)) {
            current = announcement;
            advertiser.update(advertisement, announcement.toTxt());
        }
    }

    /** Says goodbye for this device only. */
    public void withdraw() {
        advertiser.withdraw(advertisement);
    }
}
