package io.fleetdeck.daemon.discovery;

import io.fleetdeck.common.mdns.MdnsEndpoints;
import io.fleetdeck.common.mdns.MdnsInterface;
import io.fleetdeck.common.mdns.MdnsInterfaceException;
import io.fleetdeck.common.mdns.ServiceAdvertiser;
import io.fleetdeck.daemon.identity.ConsolePin;
import io.fleetdeck.model.ConsoleAnnouncement;
import io.fleetdeck.model.DeviceAnnouncement;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The daemon's mDNS: JmDNS on the chosen interfaces, the devices it announces and, without a configured broker,
 * the console finder. Closing says goodbye for every device before JmDNS stops.
 */
public final class DaemonMdns implements AutoCloseable {
    /** How often interface addresses are re-checked. */
    public static final Duration ADDRESS_POLL = Duration.ofSeconds(3);
    /** How often browsers re-list and re-resolve (JmDNS may miss answers, and after a link flap stays silent). */
    public static final Duration REQUERY = Duration.ofSeconds(10);

    private final MdnsEndpoints endpoints;
    private final ServiceAdvertiser advertiser;
    private final List<ConsoleFinder> finders = new ArrayList<>();

    private DaemonMdns(MdnsEndpoints endpoints) {
        this.endpoints = endpoints;
        this.advertiser = new ServiceAdvertiser(endpoints);
    }

    /**
     * @param interfaces interface names or {@code all}
     * @param hostName   announced as {@code <hostName>.local.}
     * @throws MdnsInterfaceException naming an interface that cannot be used
     */
    public static DaemonMdns open(List<String> interfaces, String hostName) {
        return new DaemonMdns(MdnsEndpoints.open(interfaces, hostName, ADDRESS_POLL));
    }

    public DeviceAnnouncer announce(String instance, DeviceAnnouncement announcement) {
        return new DeviceAnnouncer(advertiser, instance, announcement);
    }

    /**
     * Starts looking for the console: {@code wanted} if named, and only the adopted one when {@code pin} holds one.
     * {@code onChange} runs on the browser thread and must return quickly.
     */
    public synchronized ConsoleFinder findConsole(Optional<String> wanted, ConsolePin pin,
                                                  Consumer<ConsoleAnnouncement> onChange) {
        ConsoleFinder finder = new ConsoleFinder(endpoints, wanted, pin, REQUERY, onChange);
        finders.add(finder);
        return finder;
    }

    public List<MdnsInterface> interfaces() {
        return endpoints.interfaces();
    }

    @Override
    public synchronized void close() {
        finders.forEach(ConsoleFinder::close);
        advertiser.close();
        endpoints.close();
    }
}
