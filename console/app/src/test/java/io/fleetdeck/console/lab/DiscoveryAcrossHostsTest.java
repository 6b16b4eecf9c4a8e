package io.fleetdeck.console.lab;

import io.fleetdeck.testkit.lab.LabAvailability;
import io.fleetdeck.testkit.lab.LabHost;
import io.fleetdeck.testkit.lab.LabProcess;
import io.fleetdeck.testkit.lab.NetworkLab;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #3's scenario on a real (namespaced) LAN: a console on one host, three daemons on three others. Every tile
 * comes online, a daemon killed with -9 turns offline within 1.5 keep-alives, and comes back when restarted.
 */
class DiscoveryAcrossHostsTest {
    /** 1.5 × the daemon's 10 s keep-alive: the bound for a crash to show, not a performance target. */
    private static final Duration CRASH_BOUND = Duration.ofSeconds(15);
    /** Generous: three daemon JVMs and a console with its broker start at once on a 2-core CI machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final List<String> DAEMON_HOSTS = List.of("host1", "host2", "host3");

    @TempDir
    Path work;

    @BeforeEach
    void needsNamespaces() {
        LabAvailability.assumeAvailable();
    }

    /** Both ways a daemon finds its console: told the broker address, or nothing at all (mDNS on the lab LAN). */
    @ParameterizedTest
    @EnumSource(value = LabRendezvous.class, mode = EnumSource.Mode.EXCLUDE, names = "MDNS_BROWSE_ONLY")
    void consoleShowsDaemonsOnOtherHostsAndFollowsACrashAndRestart(LabRendezvous rendezvous) {
        try (NetworkLab lab = NetworkLab.create(work.resolve("lab"), "console", "host1", "host2", "host3")) {
            LabHost consoleHost = lab.host("console");
            LabConsole console = LabConsole.start(consoleHost, work.resolve("console-data"), rendezvous);

            Map<String, LabProcess> daemons = new HashMap<>();
            for (String name : DAEMON_HOSTS) {
                daemons.put(name, rendezvous.startDaemon(lab.host(name), consoleHost, name));
            }
            for (String name : DAEMON_HOSTS) {
                console.awaitPresence(0, LabRendezvous.deviceId(name), "ONLINE", PATIENCE);
            }

            int beforeCrash = console.mark();
            daemons.get("host2").kill9();
            console.awaitPresence(beforeCrash, LabRendezvous.deviceId("host2"), "OFFLINE", CRASH_BOUND);

            int beforeRestart = console.mark();
            rendezvous.startDaemon(lab.host("host2"), consoleHost, "host2");
            console.awaitPresence(beforeRestart, LabRendezvous.deviceId("host2"), "ONLINE", PATIENCE);

            assertThat(console.reported(0, LabRendezvous.deviceId("host1"), "OFFLINE")).isFalse();
            assertThat(console.reported(0, LabRendezvous.deviceId("host3"), "OFFLINE")).isFalse();
        }
    }

    /**
     * Issue #13: browsers that are not the device's console see it from its own announcement. A console whose broker
     * no daemon can reach shows the tile as DISCOVERED, and avahi-browse on a third host resolves the service with
     * its TXT id, as any standard browser would.
     */
    @Test
    void browsersThatAreNotItsConsoleSeeADaemonFromItsAnnouncement() {
        boolean avahiInstalled = LabAvahi.installed();
        LabRendezvous rendezvous = LabRendezvous.MDNS_BROWSE_ONLY;
        try (NetworkLab lab = NetworkLab.create(work.resolve("lab"), "console", "host1")) {
            LabHost consoleHost = lab.host("console");
            LabConsole console = LabConsole.start(consoleHost, work.resolve("console-data"), rendezvous);
            LabAvahi avahi = avahiInstalled ? LabAvahi.start(lab.addHost("avahi"), work.resolve("lab")) : null;

            rendezvous.startDaemon(lab.host("host1"), consoleHost, "host1");

            console.awaitPresence(0, LabRendezvous.deviceId("host1"), "DISCOVERED", PATIENCE);
            assertThat(console.reported(0, LabRendezvous.deviceId("host1"), "ONLINE")).isFalse();
            Assumptions.assumeTrue(avahiInstalled, "avahi-daemon and avahi-utils are not installed");
            avahi.awaitResolved(LabRendezvous.deviceId("host1"), PATIENCE);
        }
    }
}
