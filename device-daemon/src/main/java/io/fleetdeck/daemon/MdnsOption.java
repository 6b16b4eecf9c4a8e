package io.fleetdeck.daemon;

import io.fleetdeck.daemon.discovery.MdnsInterfaces;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code --mdns-interface NAME} (repeatable) and {@code --console NAME}, shared by {@code run} and {@code simulate}. */
final class MdnsOption {
    @Option(names = "--mdns-interface", paramLabel = "NAME",
            description = "Interface to announce on and browse for the console via mDNS, e.g. eth0, wlan0, lo; "
                    + "repeatable; \"" + MdnsInterfaces.ALL + "\" = every multicast-capable non-loopback interface "
                    + "that is up.")
    List<String> interfaces = List.of();

    @Option(names = "--console", paramLabel = "NAME",
            description = "Without a broker, connect only to the console announcing this id or instance name "
                    + "(default: the first console found).")
    String console;

    /** The interfaces given, or {@code fallback} when none were. */
    List<String> interfacesOr(List<String> fallback) {
        return interfaces.isEmpty() ? fallback : interfaces;
    }
}
