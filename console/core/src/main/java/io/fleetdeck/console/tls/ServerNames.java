package io.fleetdeck.console.tls;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The names a server certificate is valid for (its subject alternative names): the addresses devices and the console
 * itself use to reach the broker and the image server. Clients check the host of the URL they were given against
 * these, so every address the console binds or announces must be here.
 *
 * @param dnsNames    host names, e.g. {@code localhost}
 * @param ipAddresses IP literals in Java's canonical form ({@link InetAddress#getHostAddress()}, no zone)
 */
public record ServerNames(SortedSet<String> dnsNames, SortedSet<String> ipAddresses) {
    private static final Logger log = LoggerFactory.getLogger(ServerNames.class);
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    public ServerNames {
        dnsNames = Collections.unmodifiableSortedSet(new TreeSet<>(dnsNames));
        TreeSet<String> canonical = new TreeSet<>();
        for (String ip : ipAddresses) {
            canonical.add(canonicalIp(ip));
        }
        ipAddresses = Collections.unmodifiableSortedSet(canonical);
        if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one name");
        }
    }

    public static ServerNames of(Collection<String> dnsNames, Collection<String> ipAddresses) {
        return new ServerNames(new TreeSet<>(dnsNames), new TreeSet<>(ipAddresses));
    }

    /**
     * The names for servers bound to {@code bindAddress} (an IP literal): that address; for a loopback address also
     * {@code localhost}, {@code 127.0.0.1} and {@code ::1}; for the wildcard every address of every interface that
     * is up, since the console announces each interface's address to the devices there (loopback included, which
     * the console's own clients use).
     */
    public static ServerNames forBindAddress(String bindAddress) {
        InetAddress bound = literal(bindAddress);
        TreeSet<String> ips = new TreeSet<>();
        TreeSet<String> dns = new TreeSet<>();
        if (bound.isAnyLocalAddress()) {
            ips.addAll(interfaceAddresses());
            addLoopback(dns, ips);
        } else {
            ips.add(bound.getHostAddress());
            if (bound.isLoopbackAddress()) {
                addLoopback(dns, ips);
            }
        }
        return new ServerNames(dns, ips);
    }

    /** These names and {@code other}'s. */
    public ServerNames plus(ServerNames other) {
        TreeSet<String> dns = new TreeSet<>(dnsNames);
        dns.addAll(other.dnsNames);
        TreeSet<String> ips = new TreeSet<>(ipAddresses);
        ips.addAll(other.ipAddresses);
        return new ServerNames(dns, ips);
    }

    /** The names {@code certificate} is valid for. */
    public static ServerNames of(X509Certificate certificate) throws CertificateParsingException {
        TreeSet<String> dns = new TreeSet<>();
        TreeSet<String> ips = new TreeSet<>();
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        for (List<?> name : names == null ? List.<List<?>>of() : names) {
            int type = (Integer) name.get(0);
            if (type == SAN_DNS) {
                dns.add((String) name.get(1));
            } else if (type == SAN_IP) {
                ips.add((String) name.get(1));
            }
        }
        return new ServerNames(dns, ips);
    }

    private static void addLoopback(TreeSet<String> dns, TreeSet<String> ips) {
        dns.add("localhost");
        ips.add("127.0.0.1");
        ips.add("::1");
    }

    private static List<String> interfaceAddresses() {
        List<String> found = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    // A link-local IPv6 address only works with a zone, which no URL host and no SAN can carry.
                    if (!(address instanceof Inet6Address && address.isLinkLocalAddress())) {
                        found.add(address.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            log.warn("cannot list the network interfaces for the server certificate: {}", e.getMessage());
        }
        return found;
    }

    private static InetAddress literal(String text) {
        Objects.requireNonNull(text, "address");
        if (!(text.matches("[0-9.]+") || text.contains(":"))) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        try {
            return InetAddress.getByName(text.replaceFirst("%.*$", ""));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
    }

    private static String canonicalIp(String text) {
        return literal(text).getHostAddress().replaceFirst("%.*$", "");
    }
}
