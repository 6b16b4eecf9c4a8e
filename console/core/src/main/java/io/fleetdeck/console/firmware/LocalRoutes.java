package io.fleetdeck.console.firmware;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The console's own address as a device sees it: the local address the kernel picks to route toward the device.
 * A UDP socket that is only {@code connect}ed sends nothing; connecting just asks the routing table.
 */
public final class LocalRoutes {
    private static final Logger log = LoggerFactory.getLogger(LocalRoutes.class);
    /** Any port will do: a connected UDP socket only looks the route up. */
    private static final int PROBE_PORT = 9;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private LocalRoutes() {
    }

    /**
     * The local address toward the first of {@code deviceAddresses} (IPv4 first, as discovery lists them) that has a
     * route, or {@code fallback} when none does or none is known.
     */
    public static InetAddress toward(List<String> deviceAddresses, InetAddress fallback) {
        for (String text : deviceAddresses) {
            Optional<InetAddress> local = toward(text);
            if (local.isPresent()) {
                return local.get();
            }
        }
        return fallback;
    }

    private static Optional<InetAddress> toward(String deviceAddress) {
        Optional<InetAddress> remote = literal(deviceAddress.replaceFirst("%.*$", ""));
        if (remote.isEmpty()) {
            return Optional.empty();
        }
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(remote.get(), PROBE_PORT);
            InetAddress local = probe.getLocalAddress();
            return local == null || local.isAnyLocalAddress() ? Optional.empty() : Optional.of(local);
        } catch (IOException | UncheckedIOException e) {
            log.debug("No route toward {}: {}", deviceAddress, e.getMessage());
            return Optional.empty();
        }
    }

    /** The address a server bound to {@code bindAddress} is reached at when nothing better is known. */
    public static InetAddress fallback(String bindAddress) {
        return literal(bindAddress).filter(bound -> !bound.isAnyLocalAddress())
                .orElse(InetAddress.getLoopbackAddress());
    }

    /** An IP address literal; never a name, so never a DNS lookup. */
    public static Optional<InetAddress> literal(String text) {
        if (text == null || !(IPV4.matcher(text).matches() || IPV6.matcher(text).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
