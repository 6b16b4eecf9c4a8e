package io.fleetdeck.common.mdns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A service instance seen with everything needed to use it: SRV target and port, at least one IPv4 address, and a
 * TXT record.
 *
 * @param instance  DNS-SD instance name as received, e.g. {@code bench-pi-07}
 * @param hostname  SRV target, e.g. {@code bench-pi-07.local.}
 * @param addresses IPv4 addresses first, then IPv6
 * @param port      SRV port
 * @param txtWire   the TXT record as it came off the wire
 * @param via       name of the local interface it was seen on
 */
public record ResolvedService(String instance, String hostname, List<InetAddress> addresses, int port,
                              byte[] txtWire, String via) {
    public ResolvedService {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(via, "via");
        addresses = List.copyOf(addresses);
        txtWire = txtWire.clone();
    }

    /** TXT keys (lower case) and raw values, RFC 6763 rules. */
    public Map<String, byte[]> txt() {
        return TxtBytes.parse(txtWire);
    }

    public List<Inet4Address> ipv4() {
        return addresses.stream().filter(Inet4Address.class::isInstance).map(Inet4Address.class::cast).toList();
    }

    /** Same instance, target, port, addresses and TXT bytes: a repeat JmDNS fires that nobody needs to hear. */
    boolean sameAs(ResolvedService other) {
        return other != null && instance.equals(other.instance) && Objects.equals(hostname, other.hostname)
                && port == other.port && addresses.equals(other.addresses) && Arrays.equals(txtWire, other.txtWire)
                && via.equals(other.via);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResolvedService other && sameAs(other);
    }

    @Override
    public int hashCode() {
        return Objects.hash(instance, hostname, port, addresses, Arrays.hashCode(txtWire), via);
    }

    @Override
    public String toString() {
        return instance + " at " + hostname + ":" + port + " " + addresses + " via " + via + " (" + txtWire.length
                + " TXT bytes)";
    }
}
