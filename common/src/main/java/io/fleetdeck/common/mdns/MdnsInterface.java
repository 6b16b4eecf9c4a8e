package io.fleetdeck.common.mdns;

import java.net.Inet4Address;
import java.util.Objects;

/**
 * A local interface mDNS runs on, with the IPv4 address its JmDNS instance binds to.
 *
 * @param name     the kernel's name, e.g. {@code eth0}, {@code lo}
 * @param address  its first IPv4 address
 * @param loopback whether it is a loopback interface (only ever used when named explicitly)
 */
public record MdnsInterface(String name, Inet4Address address, boolean loopback) {
    public MdnsInterface {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
    }

    @Override
    public String toString() {
        return name + "/" + address.getHostAddress();
    }
}
