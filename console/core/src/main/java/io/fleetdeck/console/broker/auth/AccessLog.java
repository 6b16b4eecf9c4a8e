package io.fleetdeck.console.broker.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the broker refused, for the log and the status bar. The first refusal of each client and kind is logged with
 * its reason; repeats are only counted, so a misbehaving or hostile client cannot flood the log.
 */
public final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
    private static final int REMEMBERED = 1_000;

    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong publishes = new AtomicLong();
    private final AtomicLong subscribes = new AtomicLong();
    private final Map<String, Boolean> logged = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });
    private volatile String latest = "";

    void connectRefused(String clientId, String user, String address, String reason) {
        connects.incrementAndGet();
        note("connect " + user + " " + clientId, "Broker refused CONNECT of client \"" + clientId + "\" (user \""
                + user + "\") from " + address + ": " + reason);
    }

    void publishRefused(String clientId, String topic) {
        publishes.incrementAndGet();
        note("publish " + clientId, "Broker refused PUBLISH of client \"" + clientId + "\" to " + topic
                + " (NOT_AUTHORIZED); further refusals of this client are counted, not logged");
    }

    void subscribeRefused(String clientId, String filter) {
        subscribes.incrementAndGet();
        note("subscribe " + clientId + " " + filter, "Broker refused SUBSCRIBE of client \"" + clientId + "\" to "
                + filter + " (NOT_AUTHORIZED)");
    }

    public long refusedConnects() {
        return connects.get();
    }

    public long refusedPublishes() {
        return publishes.get();
    }

    public long refusedSubscribes() {
        return subscribes.get();
    }

    /** The last refusal that was logged, for the status bar; empty when nothing was refused. */
    public String latest() {
        return latest;
    }

    private void note(String key, String message) {
        if (logged.putIfAbsent(key, Boolean.TRUE) == null) {
            latest = message;
            LOG.warn(message);
        }
    }
}
