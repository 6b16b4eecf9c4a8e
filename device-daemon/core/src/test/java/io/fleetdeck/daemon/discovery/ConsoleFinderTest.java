package io.fleetdeck.daemon.discovery;

import ch.qos.logback.classic.Level;
import io.fleetdeck.common.mdns.Advertisement;
import io.fleetdeck.common.mdns.MdnsEndpoints;
import io.fleetdeck.common.mdns.ServiceAdvertiser;
import io.fleetdeck.daemon.identity.AdoptedConsole;
import io.fleetdeck.daemon.identity.ConsolePin;
import io.fleetdeck.model.ConsoleAnnouncement;
import io.fleetdeck.testkit.CloseAtOnce;
import io.fleetdeck.testkit.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.fleetdeck.daemon.discovery.ConsolePinCheckTest.KEY_A;
import static io.fleetdeck.daemon.discovery.ConsolePinCheckTest.KEY_B;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consoles announced with plain advertisers (real ones and fakes), found by the daemon's finder; all on loopback
 * only. Names carry a random tag, since other builds on this machine may announce consoles on loopback too.
 */
class ConsoleFinderTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(ConsoleFinderTest.class);

    private final String name = "console-" + UUID.randomUUID().toString().substring(0, 8);
    private MdnsEndpoints consoleSide;
    private ServiceAdvertiser consoleAdvertiser;
    private MdnsEndpoints fakeSide;
    private ServiceAdvertiser fakeAdvertiser;
    private MdnsEndpoints daemonSide;

    /**
     * Each host withdraws its services and closes its endpoint, the hosts at once ({@link CloseAtOnce}): one after
     * another was most of this class's time. Each host still closes in its own order (services, then JmDNS).
     */
    @AfterEach
    void close() throws Exception {
        CloseAtOnce.close(() -> closeHost(null, daemonSide), () -> closeHost(fakeAdvertiser, fakeSide),
                () -> closeHost(consoleAdvertiser, consoleSide));
    }

    private static void closeHost(ServiceAdvertiser advertiser, MdnsEndpoints endpoints) {
        if (advertiser != null) {
            advertiser.close();
        }
        if (endpoints != null) {
            endpoints.close();
        }
    }

    /** The console's host; the advertiser is closed after the test, with the other hosts. */
    private ServiceAdvertiser consoleAdvertiser() {
        consoleSide = MdnsEndpoints.open(List.of("lo"), "fd-" + name, Duration.ofSeconds(3));
        consoleAdvertiser = new ServiceAdvertiser(consoleSide);
        return consoleAdvertiser;
    }

    /** Another host on the link, announcing whatever it likes; closed after the test, with the other hosts. */
    private ServiceAdvertiser fakeAdvertiser() {
        fakeSide = MdnsEndpoints.open(List.of("lo"), "fd-fake-" + name, Duration.ofSeconds(3));
        fakeAdvertiser = new ServiceAdvertiser(fakeSide);
        return fakeAdvertiser;
    }

    private ConsoleFinder finder(Optional<String> wanted, ConsolePin pin, List<ConsoleAnnouncement> changes) {
        daemonSide = MdnsEndpoints.open(List.of("lo"), "fd-daemon-" + name, Duration.ofSeconds(3));
        return new ConsoleFinder(daemonSide, wanted, pin, Duration.ofSeconds(2), changes::add);
    }

    private static Advertisement announce(ServiceAdvertiser advertiser, String instance, ConsoleAnnouncement console) {
        return advertiser.advertise(ConsoleAnnouncement.SERVICE_TYPE, instance, 1883, console.toTxt());
    }

    private static String brokerOf(ConsoleFinder finder) {
        return finder.current().map(ConsoleAnnouncement::brokerUrl).orElse("");
    }

    @Test
    void findsTheNamedConsoleAndFollowsItToANewBroker() throws Exception {
        ServiceAdvertiser advertiser = consoleAdvertiser();
        // A decoy that must be ignored because another console is asked for.
        Advertisement decoy = announce(advertiser, name + "-other",
                new ConsoleAnnouncement(name + "-other", "tcp://127.0.0.1:9", KEY_A));
        List<ConsoleAnnouncement> changes = new CopyOnWriteArrayList<>();
        try (ConsoleFinder finder = finder(Optional.of(name), ConsolePin.none(), changes)) {
            long start = System.nanoTime();
            Advertisement console = announce(advertiser, name,
                    new ConsoleAnnouncement(name, "tcp://127.0.0.1:1883", KEY_A));

            ConsoleAnnouncement found = finder.await(DEADLINE);
            log.info("console registration to found on lo: {} ms", (System.nanoTime() - start) / 1_000_000);
            assertThat(found.brokerUrl()).isEqualTo("tcp://127.0.0.1:1883");
            assertThat(found.fingerprint()).contains(KEY_A);
            // await() returns as soon as the console is chosen; the listener is told just after, on the mDNS thread.
            Poll.until("the listener to hear of the console", DEADLINE, () -> !changes.isEmpty());
            assertThat(changes).containsExactly(found);

            // The console goes away and comes back with its broker elsewhere.
            advertiser.withdraw(console);
            announce(advertiser, name, new ConsoleAnnouncement(name, "tcp://127.0.0.2:1884", KEY_A));
            Poll.until("the finder follows the console to its new broker", DEADLINE,
                    () -> brokerOf(finder).equals("tcp://127.0.0.2:1884"));
            Poll.until("the listener to hear of the new broker", DEADLINE, () -> changes.stream()
                    .anyMatch(c -> c.brokerUrl().equals("tcp://127.0.0.2:1884")));
            assertThat(changes).extracting(ConsoleAnnouncement::consoleId).containsOnly(name);
            advertiser.withdraw(decoy);
        }
    }

    @Test
    void takesTheFirstConsoleWhenNoneIsNamed() throws Exception {
        ServiceAdvertiser advertiser = consoleAdvertiser();
        try (ConsoleFinder finder = finder(Optional.empty(), ConsolePin.none(), new CopyOnWriteArrayList<>())) {
            announce(advertiser, name, new ConsoleAnnouncement(name, "tcp://127.0.0.1:1883", KEY_A));
            // Other consoles on this machine's loopback (parallel builds) may be found first; any valid one will do.
            assertThat(finder.await(DEADLINE).brokerUrl()).startsWith("tcp://");
        }
    }

    /**
     * Not named (as a daemon without {@code --console} runs), so only the pin keeps the fakes out: another console,
     * the pinned id with another key, and the pinned id without a key are all announced before the real console.
     */
    @Test
    void anAdoptedDaemonFollowsOnlyItsConsoleAndItsKey() throws Exception {
        ConsolePin pin = () -> Optional.of(new AdoptedConsole(name, KEY_A));
        List<ConsoleAnnouncement> changes = new CopyOnWriteArrayList<>();
        ServiceAdvertiser fakes = fakeAdvertiser();
        ServiceAdvertiser advertiser = consoleAdvertiser();
        try (LogCapture refusals = new LogCapture(ConsolePinCheck.class);
             ConsoleFinder finder = finder(Optional.empty(), pin, changes)) {
            announce(fakes, name + "-b", new ConsoleAnnouncement(name + "-b", "tcp://127.0.0.1:7", KEY_A));
            announce(fakes, name + "-fake", new ConsoleAnnouncement(name, "tcp://127.0.0.1:6", KEY_B));
            announce(fakes, name + "-old", new ConsoleAnnouncement(name, "tcp://127.0.0.1:5", Optional.empty()));
            Poll.until("all three fakes are refused", DEADLINE,
                    () -> refusals.lines(Level.WARN, "\"" + name + "-b\"").size()
                            + refusals.lines(Level.WARN, "\"" + name + "-fake\"").size()
                            + refusals.lines(Level.WARN, "\"" + name + "-old\"").size() == 3);
            assertThat(finder.current()).isEmpty();

            Advertisement real = announce(advertiser, name,
                    new ConsoleAnnouncement(name, "tcp://127.0.0.1:1883", KEY_A));
            assertThat(finder.await(DEADLINE).brokerUrl()).isEqualTo("tcp://127.0.0.1:1883");

            // The real console moves its broker: followed. A fake then says the same: not followed.
            advertiser.withdraw(real);
            announce(advertiser, name, new ConsoleAnnouncement(name, "tcp://127.0.0.2:1884", KEY_A));
            Poll.until("the daemon follows its console to the new broker", DEADLINE,
                    () -> brokerOf(finder).equals("tcp://127.0.0.2:1884"));
            announce(fakes, name + "-fake2", new ConsoleAnnouncement(name, "tcp://127.0.0.3:1885", KEY_B));
            Poll.until("the late fake is refused", DEADLINE,
                    () -> refusals.lines(Level.WARN, "\"" + name + "-fake2\"").size() == 1);

            assertThat(brokerOf(finder)).isEqualTo("tcp://127.0.0.2:1884");
            Poll.until("the listener to hear of the move", DEADLINE, () -> changes.size() == 2);
            assertThat(changes).extracting(ConsoleAnnouncement::brokerUrl)
                    .containsExactly("tcp://127.0.0.1:1883", "tcp://127.0.0.2:1884");
            // Only this test's announcements: another console on loopback (a demo) is refused too, but is not ours.
            assertThat(refusals.lines(Level.WARN, "ignoring console announcement \"" + name))
                    .as("once per instance and reason, despite re-queries").hasSize(4);
        }
    }

    @Test
    void aPinSavedWhileRunningKeepsLaterFakesOut(@TempDir Path state) throws Exception {
        List<ConsoleAnnouncement> changes = new CopyOnWriteArrayList<>();
        ServiceAdvertiser fakes = fakeAdvertiser();
        ServiceAdvertiser advertiser = consoleAdvertiser();
        try (LogCapture refusals = new LogCapture(ConsolePinCheck.class);
             ConsoleFinder finder = finder(Optional.of(name), ConsolePin.in(state), changes)) {
            announce(advertiser, name, new ConsoleAnnouncement(name, "tcp://127.0.0.1:1883", KEY_A));
            assertThat(finder.await(DEADLINE).brokerUrl()).isEqualTo("tcp://127.0.0.1:1883");

            // Adoption: cmd/trust-key saves the pin while the daemon runs.
            new AdoptedConsole(name, KEY_A).save(state);
            announce(fakes, name + "-fake", new ConsoleAnnouncement(name, "tcp://127.0.0.3:1885", KEY_B));
            Poll.until("the fake is refused", DEADLINE,
                    () -> refusals.lines(Level.WARN, "\"" + name + "-fake\"").size() == 1);

            assertThat(brokerOf(finder)).isEqualTo("tcp://127.0.0.1:1883");
            assertThat(changes).extracting(ConsoleAnnouncement::brokerUrl).containsExactly("tcp://127.0.0.1:1883");
        }
    }

    @Test
    void anUnreadablePinFollowsNoConsole(@TempDir Path state) throws Exception {
        Files.writeString(state.resolve(AdoptedConsole.FILE), "{\"consoleId\":\"" + name + "\"}");
        ServiceAdvertiser advertiser = consoleAdvertiser();
        try (LogCapture refusals = new LogCapture(ConsolePinCheck.class);
             ConsoleFinder finder = finder(Optional.of(name), ConsolePin.in(state), new CopyOnWriteArrayList<>())) {
            announce(advertiser, name, new ConsoleAnnouncement(name, "tcp://127.0.0.1:1883", KEY_A));
            Poll.until("the refusal is logged as an error", DEADLINE,
                    () -> !refusals.lines(Level.ERROR, state.toString()).isEmpty());

            assertThat(finder.current()).isEmpty();
        }
    }
}
