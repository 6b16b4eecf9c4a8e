package io.fleetdeck.daemon.discovery;

import io.fleetdeck.common.mdns.Advertisement;
import io.fleetdeck.common.mdns.MdnsEndpoints;
import io.fleetdeck.common.mdns.ServiceAdvertiser;
import io.fleetdeck.model.ConsoleAnnouncement;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.testkit.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** A console announced with a plain advertiser, found by the daemon's finder; both on loopback only. */
class ConsoleFinderTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    static final KeyFingerprint KEY_A = new KeyFingerprint("SHA256:" + "A".repeat(43));
    private static final Logger log = LoggerFactory.getLogger(ConsoleFinderTest.class);

    private MdnsEndpoints consoleSide;
    private MdnsEndpoints daemonSide;

    @AfterEach
    void close() {
        if (daemonSide != null) {
            daemonSide.close();
        }
        if (consoleSide != null) {
            consoleSide.close();
        }
    }

    @Test
    void findsTheNamedConsoleAndFollowsItToANewBroker() throws Exception {
        String name = "console-" + UUID.randomUUID().toString().substring(0, 8);
        consoleSide = MdnsEndpoints.open(List.of("lo"), "fd-" + name, Duration.ofSeconds(3));
        daemonSide = MdnsEndpoints.open(List.of("lo"), "fd-daemon-" + name, Duration.ofSeconds(3));
        ServiceAdvertiser advertiser = new ServiceAdvertiser(consoleSide);
        // A decoy that must be ignored because another console is asked for.
        Advertisement decoy = advertiser.advertise(ConsoleAnnouncement.SERVICE_TYPE, name + "-other", 1883,
                new ConsoleAnnouncement(name + "-other", "tcp://127.0.0.1:9", KEY_A).toTxt());
        List<ConsoleAnnouncement> changes = new CopyOnWriteArrayList<>();
        try (ConsoleFinder finder = new ConsoleFinder(daemonSide, Optional.of(name), Duration.ofSeconds(2),
                changes::add)) {
            long start = System.nanoTime();
            Advertisement console = advertiser.advertise(ConsoleAnnouncement.SERVICE_TYPE, name, 1883,
                    new ConsoleAnnouncement(name, "tcp://127.0.0.1:1883", KEY_A).toTxt());

            ConsoleAnnouncement found = finder.await(DEADLINE);
            log.info("console registration to found on lo: {} ms", (System.nanoTime() - start) / 1_000_000);
            assertThat(found.brokerUrl()).isEqualTo("tcp://127.0.0.1:1883");
            // await() returns as soon as the console is chosen; the listener is told just after, on the mDNS thread.
            Poll.until("the listener to hear of the console", DEADLINE, () -> !changes.isEmpty());
            assertThat(changes).containsExactly(found);

            // The console goes away and comes back with its broker elsewhere.
            advertiser.withdraw(console);
            advertiser.advertise(ConsoleAnnouncement.SERVICE_TYPE, name, 1884,
                    new ConsoleAnnouncement(name, "tcp://127.0.0.2:1884", KEY_A).toTxt());
            Poll.until("the finder follows the console to its new broker", DEADLINE,
                    () -> finder.current().map(ConsoleAnnouncement::brokerUrl).orElse("")
                            .equals("tcp://127.0.0.2:1884"));
            Poll.until("the listener to hear of the new broker", DEADLINE, () -> changes.stream()
                    .anyMatch(c -> c.brokerUrl().equals("tcp://127.0.0.2:1884")));
            assertThat(changes).extracting(ConsoleAnnouncement::consoleId).containsOnly(name);
            advertiser.withdraw(decoy);
        } finally {
            advertiser.close();
        }
    }

    @Test
    void takesTheFirstConsoleWhenNoneIsNamed() throws Exception {
        String name = "console-" + UUID.randomUUID().toString().substring(0, 8);
        consoleSide = MdnsEndpoints.open(List.of("lo"), "fd-" + name, Duration.ofSeconds(3));
        daemonSide = MdnsEndpoints.open(List.of("lo"), "fd-daemon-" + name, Duration.ofSeconds(3));
        try (ServiceAdvertiser advertiser = new ServiceAdvertiser(consoleSide);
             ConsoleFinder finder = new ConsoleFinder(daemonSide, Optional.empty(), Duration.ofSeconds(2), c -> { })) {
            advertiser.advertise(ConsoleAnnouncement.SERVICE_TYPE, name, 1883,
                    new ConsoleAnnouncement(name, "tcp://127.0.0.1:1883", KEY_A).toTxt());
            // Other consoles on this machine's loopback (parallel builds) may be found first; any valid one will do.
            assertThat(finder.await(DEADLINE).brokerUrl()).startsWith("tcp://");
        }
    }
}
