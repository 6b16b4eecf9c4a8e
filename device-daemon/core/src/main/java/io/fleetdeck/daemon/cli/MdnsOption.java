package io.fleetdeck.daemon.cli;

import io.fleetdeck.common.mdns.MdnsInterfaces;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code --mdns-interface NAME} (repeatable) and {@code --console NAME}, shared by {@code run} and {@code simulate}. */
public final class MdnsOption {
    @Option(names = "--mdns-interface", paramLabel = "NAME",
            description = "Interface to announce on and browse for the console via mDNS, e.g. eth0, wlan0, lo; "
                    + "repeatable; \"" + MdnsInterfaces.ALL + "\" = every multicast-capable non-loopback interface "
                    + "that is up.")
    List<String> interfaces = List.of();

    @Option(names = "--console", paramLabel = "NAME",
            description = "Without a broker, connect only to the console announcing this id or instance name "
                    + "(default: the first console found).")
    String console;

    /** The console named with {@code --console}, or null for the first one found. */
    public String console() {
        return console;
    }

    /** The interfaces given, or {@code fallback} when none were. */
    public List<String> interfacesOr(List<String> fallback) {
        return interfaces.isEmpty() ? fallback : interfaces;
    }
}
