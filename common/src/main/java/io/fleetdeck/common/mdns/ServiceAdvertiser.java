package io.fleetdeck.common.mdns;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.jmdns.ServiceInfo;

/**
 * Announces services on every endpoint of an {@link MdnsEndpoints}: registers them on each JmDNS, re-registers them
 * when an endpoint is reopened after an address change, sends a changed TXT record at once, and withdraws them with
 * goodbye packets. It holds what should be announced, so a reopened endpoint gets everything back.
 */
public final class ServiceAdvertiser implements EndpointListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceAdvertiser.class);
    /** RFC 6762 §8.4 asks for the changed record to be sent again after a second. */
    private static final long REPEAT_MS = 1000;

    private final MdnsEndpoints endpoints;
    private final Map<Advertisement, Boolean> wanted = new ConcurrentHashMap<>();
    private final Map<MdnsEndpoint, Map<Advertisement, ServiceInfo>> registered = new ConcurrentHashMap<>();
    private final ScheduledExecutorService repeats = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("mdns-advertiser").factory());
    private volatile boolean closed;

    public ServiceAdvertiser(MdnsEndpoints endpoints) {
        this.endpoints = endpoints;
        endpoints.addListener(this);
    }

    /** Announces a service on every endpoint (and every future one) until withdrawn or closed. */
    public Advertisement advertise(String type, String instance, int port, Map<String, String> txt) {
        Map<String, String> fixed = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(txt));
        return advertise(type, instance, port, iface -> fixed);
    }

    /**
     * As {@link #advertise(String, String, int, Map)} with a TXT record made for each interface; where {@code txt}
     * returns null the service is not announced.
     */
    public Advertisement advertise(String type, String instance, int port,
                                   Function<MdnsInterface, Map<String, String>> txt) {
        Advertisement ad = new Advertisement(type, instance, port, txt);
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("advertiser closed");
            }
            wanted.put(ad, Boolean.TRUE);
            registered.keySet().forEach(endpoint -> register(endpoint, ad));
        }
        return ad;
    }

    /** Replaces the TXT record and announces it at once on every endpoint. */
    public synchronized void update(Advertisement ad, Map<String, String> txt) {
        ad.txt(txt);
        for (Map.Entry<MdnsEndpoint, Map<Advertisement, ServiceInfo>> entry : registered.entrySet()) {
            ServiceInfo info = entry.getValue().get(ad);
            Map<String, String> text = ad.txt(entry.getKey().iface());
            if (info != null && text != null) {
                info.setText(text);
                announceText(entry.getKey(), info);
                repeats.schedule(() -> announceText(entry.getKey(), info), REPEAT_MS, TimeUnit.MILLISECONDS);
            }
        }
        log.info("mDNS: {} now says {}", ad, txt);
    }

    /** Stops announcing one service; browsers get a goodbye. */
    public synchronized void withdraw(Advertisement ad) {
        wanted.remove(ad);
        registered.forEach((endpoint, infos) -> {
            ServiceInfo info = infos.remove(ad);
            if (info != null) {
                endpoint.jmdns().unregisterService(info);
            }
        });
    }

    @Override
    public synchronized void opened(MdnsEndpoint endpoint) {
        registered.put(endpoint, new ConcurrentHashMap<>());
        wanted.keySet().forEach(ad -> register(endpoint, ad));
    }

    @Override
    public synchronized void closing(MdnsEndpoint endpoint) {
        Map<Advertisement, ServiceInfo> infos = registered.remove(endpoint);
        if (infos != null && !infos.isEmpty()) {
            // Goodbyes for all of them in one go; JmDNS waits for the last one.
            endpoint.jmdns().unregisterAllServices();
        }
    }

    /** Withdraws everything (goodbye packets) from every endpoint; the endpoints themselves stay open. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            endpoints.removeListener(this);
            wanted.clear();
            registered.keySet().forEach(this::closing);
        }
        repeats.shutdownNow();
    }

    private void register(MdnsEndpoint endpoint, Advertisement ad) {
        Map<String, String> txt = ad.txt(endpoint.iface());
        if (txt == null) {
            log.debug("mDNS: {} not announced on {}", ad, endpoint.iface());
            return;
        }
        ServiceInfo info = ServiceInfo.create(ad.type(), ad.instance(), ad.port(), 0, 0, txt);
        try {
            endpoint.jmdns().registerService(info);
            registered.get(endpoint).put(ad, info);
            if (!info.getName().equals(ad.instance())) {
                // Another host already announces this name; JmDNS picked a new one, as the RFC asks.
                log.warn("mDNS: instance name {} taken on {}; announcing as {}", ad.instance(), endpoint.iface(),
                        info.getName());
            } else {
                log.debug("mDNS: announcing {} on {}", ad, endpoint.iface());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("mDNS: cannot announce {} on {}: {}", ad, endpoint.iface(), e.toString());
        }
    }

    private void announceText(MdnsEndpoint endpoint, ServiceInfo info) {
        try {
            TxtAnnouncement.send(endpoint.jmdns(), info);
        } catch (IOException | RuntimeException e) {
            log.warn("mDNS: cannot send the new TXT of {} on {}: {}", info.getName(), endpoint.iface(), e.toString());
        }
    }
}
