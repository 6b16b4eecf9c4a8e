package io.fleetdeck.common.mdns;

/**
 * An interface named for mDNS cannot be used: it does not exist, is down, cannot multicast or has no IPv4 address.
 * Carries the name as given, so the message can say which {@code --mdns-interface} to fix.
 */
public final class MdnsInterfaceException extends RuntimeException {
    private final String interfaceName;

    public MdnsInterfaceException(String interfaceName, String detail) {
        super("mDNS interface \"" + interfaceName + "\": " + detail);
        this.interfaceName = interfaceName;
    }

    public String interfaceName() {
        return interfaceName;
    }
}
