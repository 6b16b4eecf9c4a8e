package io.fleetdeck.common.mdns;

import java.io.IOException;

/** JmDNS could not start on an interface (e.g. UDP port 5353 cannot be joined there); names interface and address. */
public final class MdnsStartException extends RuntimeException {
    private final MdnsInterface iface;

    public MdnsStartException(MdnsInterface iface, IOException cause) {
        super("cannot start mDNS on " + iface + ": " + cause.getMessage(), cause);
        this.iface = iface;
    }

    public MdnsInterface iface() {
        return iface;
    }
}
