package io.fleetdeck.console.discovery;

import io.fleetdeck.common.mdns.MdnsEndpoints;
import io.fleetdeck.common.mdns.ResolvedService;
import io.fleetdeck.common.mdns.ServiceBrowser;
import io.fleetdeck.model.AnnouncementException;
import io.fleetdeck.model.DeviceAnnouncement;
import io.fleetdeck.model.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Browses {@code _fleetdeck._tcp} on the console's mDNS interfaces and tells a {@link DiscoveryListener} about
 * devices. Every TXT record goes through the strict shared-model parser: a hostile or broken announcement becomes
 * {@code refused(...)}, never an announcement with an unvalidated id. Duplicate ids from different instances or
 * hosts are all reported; resolving them is the listener's business.
 */
public final class DeviceBrowser implements ServiceBrowser.Listener, AutoCloseable {
    /** RFC 6763 §6.2: a TXT record should fit a packet with its SRV and address records; ours are ~150 bytes. */
    static final int MAX_TXT_BYTES = 1300;
    private static final Logger log = LoggerFactory.getLogger(DeviceBrowser.class);

    private final DiscoveryListener listener;
    private final ServiceBrowser browser;
    /** Device announced per instance and interface, for {@code departed}; touched on the browser thread only. */
    private final Map<String, DeviceId> announced = new HashMap<>();

    public DeviceBrowser(MdnsEndpoints endpoints, Duration requery, DiscoveryListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.browser = new ServiceBrowser(endpoints, DeviceAnnouncement.SERVICE_TYPE, requery, this);
    }

    @Override
    public void resolved(ResolvedService service) {
        String key = key(service.instance(), service.via());
        DeviceAnnouncement announcement;
        try {
            announcement = parse(service);
        } catch (AnnouncementException e) {
            // The listener logs refusals once per instance and reason; a repeat every re-query would flood the log.
            log.debug("mDNS via {}: {}", service.via(), e.getMessage());
            DeviceId before = announced.remove(key);
            if (before != null) {
                listener.departed(before, service.instance(), service.via());
            }
            listener.refused(e, service.via());
            return;
        }
        DeviceId before = announced.put(key, announcement.id());
        if (before != null && !before.equals(announcement.id())) {
            listener.departed(before, service.instance(), service.via());
        }
        log.debug("mDNS via {}: {} is {} ({})", service.via(), service.instance(), announcement.id(),
                service.addresses());
        listener.announced(announcement, service.instance(), service.hostname(), service.addresses(),
                service.port(), service.via());
    }

    @Override
    public void removed(String instance, String via) {
        DeviceId id = announced.remove(key(instance, via));
        if (id != null) {
            listener.departed(id, instance, via);
        }
    }

    private static DeviceAnnouncement parse(ResolvedService service) throws AnnouncementException {
        // Checked on the wire bytes too: duplicate keys, dropped when the pairs are read, still cost bytes.
        if (service.txtWire().length > MAX_TXT_BYTES) {
            throw new AnnouncementException(AnnouncementException.Reason.TOO_LARGE, service.instance(),
                    "TXT record of " + service.txtWire().length + " bytes, over " + MAX_TXT_BYTES);
        }
        return DeviceAnnouncement.fromTxt(service.instance(), service.txt());
    }

    private static String key(String instance, String via) {
        return instance + "\u0000" + via;
    }

    @Override
    public void close() {
        browser.close();
    }
}
