package io.fleetdeck.common.mdns;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One JmDNS per chosen interface, kept in step with the interfaces' addresses. JmDNS binds to an address, not an
 * interface, and does not notice when DHCP hands out another one, so the interfaces are polled every few seconds; when
 * an address changes the endpoint there is closed (its services say goodbye from the old address) and a new one
 * opened, and listeners re-register and re-browse on it. An interface that goes away is closed and reopened when it
 * comes back.
 */
public final class MdnsEndpoints implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MdnsEndpoints.class);

    private final List<String> specs;
    private final String hostName;
    private final Map<String, MdnsEndpoint> open = new LinkedHashMap<>();
    private final List<EndpointListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService watcher;
    private boolean closed;

    private MdnsEndpoints(List<String> specs, String hostName) {
        this.specs = List.copyOf(specs);
        this.hostName = Objects.requireNonNull(hostName, "hostName");
        this.watcher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("mdns-interfaces").factory());
    }

    /**
     * Resolves {@code specs} strictly (see {@link MdnsInterfaces#resolve}), opens JmDNS on each and re-checks the
     * addresses every {@code pollPeriod}.
     *
     * @throws MdnsInterfaceException when a named interface cannot be used
     * @throws MdnsStartException     when JmDNS cannot start on one
     */
    public static MdnsEndpoints open(List<String> specs, String hostName, Duration pollPeriod) {
        List<MdnsInterface> chosen = MdnsInterfaces.resolve(specs);
        MdnsEndpoints endpoints = new MdnsEndpoints(specs, hostName);
        try {
            synchronized (endpoints) {
                for (MdnsInterface iface : chosen) {
                    endpoints.open.put(iface.name(), MdnsEndpoint.open(iface, hostName));
                }
            }
        } catch (RuntimeException e) {
            endpoints.close();
            throw e;
        }
        log.info("mDNS on {} as {}.local.", chosen, HostNames.label(hostName));
        long ms = pollPeriod.toMillis();
        endpoints.watcher.scheduleWithFixedDelay(endpoints::recheck, ms, ms, TimeUnit.MILLISECONDS);
        return endpoints;
    }

    /** Adds a listener and tells it at once about every endpoint already open. */
    public synchronized void addListener(EndpointListener listener) {
        listeners.add(listener);
        open.values().forEach(listener::opened);
    }

    public synchronized void removeListener(EndpointListener listener) {
        listeners.remove(listener);
    }

    /** The interfaces JmDNS runs on right now. */
    public synchronized List<MdnsInterface> interfaces() {
        return open.values().stream().map(MdnsEndpoint::iface).toList();
    }

    /** Compares the interfaces' current addresses with the open endpoints and reopens what changed. */
    synchronized void recheck() {
        if (closed) {
            return;
        }
        try {
            Map<String, MdnsInterface> now = new LinkedHashMap<>();
            MdnsInterfaces.current(specs).forEach(i -> now.put(i.name(), i));
            for (String name : new ArrayList<>(open.keySet())) {
                MdnsInterface was = open.get(name).iface();
                MdnsInterface is = now.get(name);
                if (is == null || !is.address().equals(was.address())) {
                    log.info("mDNS: {} {}; closing JmDNS there", was, is == null ? "is gone or down"
                            : "now has " + is.address().getHostAddress());
                    closeEndpoint(open.remove(name));
                }
            }
            for (MdnsInterface iface : now.values()) {
                if (!open.containsKey(iface.name())) {
                    MdnsEndpoint endpoint = MdnsEndpoint.open(iface, hostName);
                    open.put(iface.name(), endpoint);
                    log.info("mDNS: (re)started on {}", iface);
                    listeners.forEach(l -> l.opened(endpoint));
                }
            }
        } catch (RuntimeException e) {
            // The next poll tries again; one failed check must not end the watcher.
            log.warn("mDNS: interface re-check failed: {}", e.getMessage());
        }
    }

    private void closeEndpoint(MdnsEndpoint endpoint) {
        for (EndpointListener listener : listeners) {
            try {
                listener.closing(endpoint);
            } catch (RuntimeException e) {
                log.warn("mDNS: listener failed on closing {}: {}", endpoint.iface(), e.toString());
            }
        }
        endpoint.close();
    }

    /** Stops watching and closes every endpoint; listeners withdraw first, so services send goodbyes. */
    @Override
    public void close() {
        watcher.shutdownNow();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open.values().forEach(this::closeEndpoint);
            open.clear();
        }
    }
}
