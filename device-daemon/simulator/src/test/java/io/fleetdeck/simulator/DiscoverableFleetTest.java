package io.fleetdeck.simulator;

import ch.qos.logback.classic.Level;
import io.fleetdeck.common.mdns.Advertisement;
import io.fleetdeck.common.mdns.MdnsEndpoints;
import io.fleetdeck.common.mdns.ServiceAdvertiser;
import io.fleetdeck.daemon.discovery.LogCapture;
import io.fleetdeck.daemon.identity.AdoptedConsole;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.model.ConsoleAnnouncement;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.Topics;
import io.fleetdeck.testkit.CloseAtOnce;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.mqtt.MosquittoBroker;
import io.fleetdeck.testkit.mqtt.TestSubscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A simulated fleet without a broker URL, driven by consoles announced over mDNS on loopback only, with real
 * mosquitto brokers on 127.0.0.1 standing for the console's broker and an attacker's.
 */
class DiscoverableFleetTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final KeyFingerprint KEY_A = new KeyFingerprint("SHA256:" + "A".repeat(43));
    private static final KeyFingerprint KEY_B = new KeyFingerprint("SHA256:" + "B".repeat(43));
    private static final String PIN_CHECK_LOGGER = "io.fleetdeck.daemon.discovery.ConsolePinCheck";

    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    private static MosquittoBroker broker(Path dir, String name) throws Exception {
        return new MosquittoBroker(Files.createDirectories(dir.resolve(name))).start();
    }

    private static Advertisement announce(ServiceAdvertiser advertiser, String instance, ConsoleAnnouncement console) {
        return advertiser.advertise(ConsoleAnnouncement.SERVICE_TYPE, instance, 1883, console.toTxt());
    }

    /**
     * Issue #9's acceptance test "fake console announcement ignored": the fleet's first device was adopted by
     * console-a (its second was not); fakes on another host announce console-a with another key and console-b, both
     * pointing at the attacker's broker, and the fleet stays; console-a itself moving its broker still moves it.
     * No {@code --console}: the pin alone keeps the fakes (and other builds' consoles on loopback) out.
     */
    @Test
    void fakeConsoleAnnouncementIgnored(@TempDir Path brokers, @TempDir Path state) throws Exception {
        String consoleA = "console-" + tag;
        String prefix = "pin" + tag;
        DeviceId adopted = DeviceId.of(prefix + "-0001");
        DeviceId notAdopted = DeviceId.of(prefix + "-0002");
        new AdoptedConsole(consoleA, KEY_A).save(state.resolve(adopted.value()));
        try (LogCapture refusals = new LogCapture(PIN_CHECK_LOGGER);
             MosquittoBroker first = broker(brokers, "first");
             MosquittoBroker attacker = broker(brokers, "attacker");
             MosquittoBroker moved = broker(brokers, "moved");
             TestSubscriber onFirst = new TestSubscriber(first.url(), "probe-first");
             TestSubscriber onAttacker = new TestSubscriber(attacker.url(), "probe-attacker");
             TestSubscriber onMoved = new TestSubscriber(moved.url(), "probe-moved");
             MdnsEndpoints consoleSide = MdnsEndpoints.open(List.of("lo"), "fd-" + consoleA, Duration.ofSeconds(3));
             MdnsEndpoints fakeSide = MdnsEndpoints.open(List.of("lo"), "fd-fake-" + tag, Duration.ofSeconds(3));
             ServiceAdvertiser console = new ServiceAdvertiser(consoleSide);
             ServiceAdvertiser fakes = new ServiceAdvertiser(fakeSide);
             // Both hosts withdraw and close at once (CloseAtOnce); closing them again afterwards does nothing.
             AutoCloseable hosts = () -> CloseAtOnce.close(() -> {
                 console.close();
                 consoleSide.close();
             }, () -> {
                 fakes.close();
                 fakeSide.close();
             })) {
            Advertisement real = announce(console, consoleA, new ConsoleAnnouncement(consoleA, first.url(), KEY_A));
            try (DiscoverableFleet fleet = DiscoverableFleet.start(
                    url -> new FleetOptions(2, 5, prefix, MqttSettings.defaults(url)
                            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))),
                    2, prefix, Optional.empty(), Optional.empty(), Optional.of(state), List.of("lo"),
                    "fd-sim-" + tag)) {
                Poll.until("both devices publish to console-a's broker", DEADLINE,
                        () -> !onFirst.on(Topics.telemetry(adopted)).isEmpty()
                                && !onFirst.on(Topics.telemetry(notAdopted)).isEmpty());

                announce(fakes, consoleA + "-fake", new ConsoleAnnouncement(consoleA, attacker.url(), KEY_B));
                announce(fakes, consoleA + "-b", new ConsoleAnnouncement("b" + consoleA, attacker.url(), KEY_B));
                Poll.until("both fakes are refused", DEADLINE,
                        () -> refusals.lines(Level.WARN, "\"" + consoleA + "-fake\"").size() == 1
                                && refusals.lines(Level.WARN, "\"" + consoleA + "-b\"").size() == 1);
                int before = onFirst.on(Topics.telemetry(adopted)).size();
                Poll.until("the fleet keeps publishing to console-a's broker", DEADLINE,
                        () -> onFirst.on(Topics.telemetry(adopted)).size() > before + 2);
                assertThat(onAttacker.messages()).as("nothing reached the attacker's broker").isEmpty();

                console.withdraw(real);
                announce(console, consoleA, new ConsoleAnnouncement(consoleA, moved.url(), KEY_A));
                Poll.until("console-a's new broker gets both devices", DEADLINE,
                        () -> !onMoved.on(Topics.telemetry(adopted)).isEmpty()
                                && !onMoved.on(Topics.telemetry(notAdopted)).isEmpty());
                assertThat(onAttacker.messages()).isEmpty();
                // Only this test's announcements: another console on lo (a demo, a benchmark) is refused as well.
                assertThat(refusals.lines(Level.WARN, "announcement \"" + consoleA)).allSatisfy(line -> assertThat(line)
                        .contains(attacker.url()).contains("pinned to console \"" + consoleA + "\""));
            }
        }
    }
}
