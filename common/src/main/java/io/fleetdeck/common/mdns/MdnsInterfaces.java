package io.fleetdeck.common.mdns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns {@code --mdns-interface} values into interfaces and addresses. A value is an interface name or the keyword
 * {@value #ALL}: every interface that is up, can multicast, is not loopback and has an IPv4 address. Loopback is used
 * only when named ({@code lo}), so {@code all} never announces a Pi on {@code 127.0.0.1} and a test that names
 * {@code lo} never touches a real network.
 */
public final class MdnsInterfaces {
    public static final String ALL = "all";

    private MdnsInterfaces() {
    }

    /**
     * Resolves the specs now, strictly: a named interface that is missing, down or has no IPv4 address is an error.
     *
     * @throws MdnsInterfaceException naming the first unusable interface, or {@code all} when it matches nothing
     */
    public static List<MdnsInterface> resolve(List<String> specs) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("no mDNS interface given");
        }
        Map<String, MdnsInterface> chosen = new LinkedHashMap<>();
        for (String spec : specs) {
            if (spec.toLowerCase(Locale.ROOT).equals(ALL)) {
                List<MdnsInterface> all = allMulticast();
                if (all.isEmpty()) {
                    throw new MdnsInterfaceException(ALL, "no interface is up, multicast-capable, non-loopback "
                            + "and has an IPv4 address");
                }
                all.forEach(i -> chosen.putIfAbsent(i.name(), i));
            } else {
                chosen.putIfAbsent(spec, named(spec));
            }
        }
        return List.copyOf(chosen.values());
    }

    /** As {@link #resolve} but leaves out what is unusable right now: for re-checking while running. */
    public static List<MdnsInterface> current(List<String> specs) {
        Map<String, MdnsInterface> chosen = new LinkedHashMap<>();
        for (String spec : specs) {
            if (spec.toLowerCase(Locale.ROOT).equals(ALL)) {
                allMulticast().forEach(i -> chosen.putIfAbsent(i.name(), i));
            } else {
                try {
                    chosen.putIfAbsent(spec, named(spec));
                } catch (MdnsInterfaceException gone) {
                    // Down or without an address for now; the watcher opens it again when it comes back.
                }
            }
        }
        return List.copyOf(chosen.values());
    }

    private static MdnsInterface named(String name) {
        try {
            NetworkInterface nic = NetworkInterface.getByName(name);
            if (nic == null) {
                throw new MdnsInterfaceException(name, "no such interface (see `ip link`); or use \"all\"");
            }
            if (!nic.isUp()) {
                throw new MdnsInterfaceException(name, "interface is down");
            }
            if (!nic.isLoopback() && !nic.supportsMulticast()) {
                throw new MdnsInterfaceException(name, "interface cannot multicast");
            }
            boolean loopback = nic.isLoopback();
            return ipv4(nic).map(a -> new MdnsInterface(name, a, loopback))
                    .orElseThrow(() -> new MdnsInterfaceException(name, "interface has no IPv4 address"));
        } catch (SocketException e) {
            throw new MdnsInterfaceException(name, "cannot query the interface: " + e.getMessage());
        }
    }

    private static List<MdnsInterface> allMulticast() {
        List<MdnsInterface> found = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback() && nic.supportsMulticast() && !nic.isPointToPoint()) {
                    ipv4(nic).ifPresent(a -> found.add(new MdnsInterface(nic.getName(), a, false)));
                }
            }
        } catch (SocketException e) {
            throw new MdnsInterfaceException(ALL, "cannot list interfaces: " + e.getMessage());
        }
        return found;
    }

    private static Optional<Inet4Address> ipv4(NetworkInterface nic) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
            if (address instanceof Inet4Address v4) {
                return Optional.of(v4);
            }
        }
        return Optional.empty();
    }
}
