package io.fleetdeck.common.mdns;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A service this process announces: what {@link ServiceAdvertiser#advertise} returns and {@code update} and
 * {@code withdraw} take. The TXT record is the one thing that changes over its life; it may differ per interface
 * (the console announces on each interface the broker address reachable there).
 */
public final class Advertisement {
    private final String type;
    private final String instance;
    private final int port;
    private volatile Function<MdnsInterface, Map<String, String>> txt;

    Advertisement(String type, String instance, int port, Function<MdnsInterface, Map<String, String>> txt) {
        this.type = Objects.requireNonNull(type, "type");
        this.instance = Objects.requireNonNull(instance, "instance");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.port = port;
        this.txt = Objects.requireNonNull(txt, "txt");
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

    /** The TXT record announced on {@code iface}, or null when the service is not to be announced there. */
    public Map<String, String> txt(MdnsInterface iface) {
        Map<String, String> value = txt.apply(iface);
        return value == null ? null : copy(value);
    }

    void txt(Map<String, String> value) {
        Map<String, String> fixed = copy(value);
        txt = iface -> fixed;
    }

    private static Map<String, String> copy(Map<String, String> txt) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(txt));
    }

    @Override
    public String toString() {
        return instance + "." + type;
    }
}
