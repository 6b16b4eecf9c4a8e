package io.fleetdeck.daemon.discovery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A service this process announces: what {@link ServiceAdvertiser#advertise} returns and {@code update} and
 * {@code withdraw} take. The TXT record is the one thing that changes over its life.
 */
public final class Advertisement {
    private final String type;
    private final String instance;
    private final int port;
    private volatile Map<String, String> txt;

    Advertisement(String type, String instance, int port, Map<String, String> txt) {
        this.type = Objects.requireNonNull(type, "type");
        this.instance = Objects.requireNonNull(instance, "instance");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.port = port;
        this.txt = copy(txt);
    }

    public String type() {
        return type;
    }

    public String instance() {
        return instance;
    }

    public int port() {
        return port;
    }

    public Map<String, String> txt() {
        return txt;
    }

    void txt(Map<String, String> value) {
        txt = copy(value);
    }

    private static Map<String, String> copy(Map<String, String> txt) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(txt));
    }

    @Override
    public String toString() {
        return instance + "." + type;
    }
}
