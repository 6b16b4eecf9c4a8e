package io.fleetdeck.common.mdns;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;

/**
 * Browses one service type on every endpoint of an {@link MdnsEndpoints} and reports instances once they are usable
 * (TXT record and an IPv4 address, which JmDNS often delivers in several partial {@code serviceResolved} calls),
 * again only when something changed, and their removal.
 *
 * <p>JmDNS faults covered here rather than by waiting: it may miss the first answers, so every {@code serviceAdded}
 * is followed by an explicit resolve; and after a link flap it may never call {@code serviceResolved} again, so every
 * {@code requery} period it re-lists the type and re-resolves instances it has not been able to use yet.
 *
 * <p>Threads: JmDNS callbacks only copy the event and hand it to this browser's own thread, which keeps all state
 * and calls the {@link Listener}; blocking JmDNS calls (resolve, list) run on virtual threads.
 */
public final class ServiceBrowser implements EndpointListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceBrowser.class);
    /** How long one explicit resolve or list may wait for answers. */
    private static final long QUERY_WAIT_MS = 1000;

    /** What a browser reports, on the browser's thread. Implementations copy and return quickly. */
    public interface Listener {
        /** A usable instance, first seen or changed. */
        void resolved(ResolvedService service);

        /** An instance reported before said goodbye, expired, or its interface closed. */
        void removed(String instance, String via);
    }

    private final MdnsEndpoints endpoints;
    private final String type;
    private final Listener listener;
    private final ScheduledExecutorService state;
    private final Map<MdnsEndpoint, Watch> watches = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Starts browsing {@code type} (e.g. {@code _fleetdeck._tcp.local.}) on all endpoints, now and future.
     *
     * @param requery how often to re-list and re-resolve; a few seconds in tests, tens of seconds in production
     */
    public ServiceBrowser(MdnsEndpoints endpoints, String type, Duration requery, Listener listener) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.type = Objects.requireNonNull(type, "type");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.state = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("mdns-browse-" + type.split("\\.")[0]).factory());
        long ms = requery.toMillis();
        state.scheduleWithFixedDelay(this::requery, ms, ms, TimeUnit.MILLISECONDS);
        endpoints.addListener(this);
    }

    @Override
    public void opened(MdnsEndpoint endpoint) {
        Watch watch = new Watch(endpoint);
        watches.put(endpoint, watch);
        endpoint.jmdns().addServiceListener(type, watch);
    }

    @Override
    public void closing(MdnsEndpoint endpoint) {
        Watch watch = watches.remove(endpoint);
        if (watch != null) {
            endpoint.jmdns().removeServiceListener(type, watch);
            submit(watch::forgetAll);
        }
    }

    @Override
    public void close() {
        closed = true;
        endpoints.removeListener(this);
        watches.forEach((endpoint, watch) -> endpoint.jmdns().removeServiceListener(type, watch));
        watches.clear();
        state.shutdownNow();
    }

    private void requery() {
        for (Watch watch : watches.values()) {
            watch.requery();
        }
    }

    private void submit(Runnable task) {
        if (closed) {
            return;
        }
        try {
            state.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("mDNS browser for {}: {}", type, e.toString(), e);
                }
            });
        } catch (RejectedExecutionException shutDown) {
            // Closed meanwhile.
        }
    }

    /** One endpoint's JmDNS listener and what it has seen; state touched only on the browser's thread. */
    private final class Watch implements ServiceListener {
        private final MdnsEndpoint endpoint;
        private final String via;
        /** Every instance JmDNS named, with what was last reported for it (null: not usable yet). */
        private final Map<String, ResolvedService> seen = new HashMap<>();

        Watch(MdnsEndpoint endpoint) {
            this.endpoint = endpoint;
            this.via = endpoint.iface().name();
        }

        @Override
        public void serviceAdded(ServiceEvent event) {
            String name = event.getName();
            submit(() -> {
                seen.putIfAbsent(name, null);
                resolveInBackground(name);
            });
        }

        @Override
        public void serviceRemoved(ServiceEvent event) {
            String name = event.getName();
            submit(() -> {
                ResolvedService last = seen.remove(name);
                if (last != null) {
                    listener.removed(name, via);
                }
            });
        }

        @Override
        public void serviceResolved(ServiceEvent event) {
            ServiceInfo info = event.getInfo();
            if (info == null) {
                return;
            }
            Candidate candidate = Candidate.of(info);
            submit(() -> consider(candidate));
        }

        private void consider(Candidate candidate) {
            if (watches.get(endpoint) != this) {
                return; // endpoint closed since
            }
            if (!candidate.usable()) {
                seen.putIfAbsent(candidate.instance, null);
                return;
            }
            ResolvedService service = candidate.toService(via);
            ResolvedService last = seen.get(candidate.instance);
            if (!service.sameAs(last)) {
                seen.put(candidate.instance, service);
                listener.resolved(service);
            }
        }

        void requery() {
            List<String> unresolved = new ArrayList<>();
            seen.forEach((name, last) -> {
                if (last == null) {
                    unresolved.add(name);
                }
            });
            unresolved.forEach(this::resolveInBackground);
            Thread.ofVirtual().name("mdns-list-" + via).start(() -> {
                try {
                    for (ServiceInfo info : endpoint.jmdns().list(type, QUERY_WAIT_MS)) {
                        Candidate candidate = Candidate.of(info);
                        submit(() -> consider(candidate));
                    }
                } catch (RuntimeException e) {
                    log.debug("mDNS list {} on {}: {}", type, via, e.toString());
                }
            });
        }

        private void resolveInBackground(String name) {
            Thread.ofVirtual().name("mdns-resolve-" + via).start(() -> {
                try {
                    endpoint.jmdns().requestServiceInfo(type, name, false, QUERY_WAIT_MS);
                } catch (RuntimeException e) {
                    log.debug("mDNS resolve {} on {}: {}", name, via, e.toString());
                }
            });
        }

        void forgetAll() {
            seen.forEach((name, last) -> {
                if (last != null) {
                    listener.removed(name, via);
                }
            });
            seen.clear();
        }
    }

    /** A copy of what a JmDNS {@link ServiceInfo} held at one moment, taken on the JmDNS thread. */
    private record Candidate(String instance, String server, List<InetAddress> addresses, int port, byte[] txt) {
        static Candidate of(ServiceInfo info) {
            List<InetAddress> addresses = new ArrayList<>(List.of(info.getInet4Addresses()));
            addresses.addAll(List.of(info.getInet6Addresses()));
            byte[] txt = info.getTextBytes();
            return new Candidate(info.getName(), info.getServer(), addresses, info.getPort(),
                    txt == null ? new byte[0] : txt.clone());
        }

        boolean usable() {
            return TxtBytes.present(txt) && info4();
        }

        private boolean info4() {
            return addresses.stream().anyMatch(a -> a instanceof java.net.Inet4Address);
        }

        ResolvedService toService(String via) {
            return new ResolvedService(instance, server, addresses, port, txt, via);
        }
    }
}
