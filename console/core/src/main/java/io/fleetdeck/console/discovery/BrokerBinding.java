package io.fleetdeck.console.discovery;

import io.fleetdeck.common.mdns.MdnsInterface;

import java.util.List;
import java.util.Optional;

/**
 * Where the embedded broker listens, given the mDNS interfaces: devices found over mDNS must be able to reach the
 * broker the console announces there. An explicit {@code --bind} always wins. Without one the broker listens on the
 * loopback when every interface is loopback (the demo default), on the one LAN interface's address when there is
 * one, and on all addresses only when several LAN interfaces were named: never wider than what was asked for.
 */
public final class BrokerBinding {
    public static final String LOOPBACK = "127.0.0.1";
    public static final String WILDCARD = "0.0.0.0";

    private BrokerBinding() {
    }

    public static String choose(Optional<String> explicit, List<MdnsInterface> interfaces) {
        if (explicit.isPresent()) {
            return explicit.get();
        }
        List<MdnsInterface> lan = interfaces.stream().filter(i -> !i.loopback()).toList();
        if (lan.isEmpty()) {
            return LOOPBACK;
        }
        if (lan.size() == 1 && lan.size() == interfaces.size()) {
            return lan.getFirst().address().getHostAddress();
        }
        return WILDCARD;
    }

    /** Whether a broker bound to {@code bind} accepts connections arriving on {@code iface}. */
    public static boolean covers(String bind, MdnsInterface iface) {
        return isWildcard(bind) || bind.equals(iface.address().getHostAddress())
                || (iface.loopback() && bind.startsWith("127."));
    }

    static boolean isWildcard(String bind) {
        return bind.equals(WILDCARD) || bind.equals("::") || bind.equals("0:0:0:0:0:0:0:0");
    }
}
