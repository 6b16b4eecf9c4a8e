package io.fleetdeck.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * {@code --mdns-interface NAME}, repeatable. Accepted now so scripts and unit files keep working when mDNS
 * announcement lands (a later issue); until then it is only logged.
 */
final class MdnsOption {
    private static final Logger log = LoggerFactory.getLogger(MdnsOption.class);

    @Option(names = "--mdns-interface", paramLabel = "NAME",
            description = "Network interface to announce the device on via mDNS (repeatable; not implemented yet, ignored).")
    List<String> interfaces = List.of();

    void logIgnored() {
        if (!interfaces.isEmpty()) {
            log.info("--mdns-interface {} ignored: mDNS announcement is not implemented yet", interfaces);
        }
    }
}
