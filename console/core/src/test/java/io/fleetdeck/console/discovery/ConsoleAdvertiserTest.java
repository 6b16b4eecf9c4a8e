package io.fleetdeck.console.discovery;

import io.fleetdeck.common.mdns.MdnsEndpoints;
import io.fleetdeck.common.mdns.MdnsInterface;
import io.fleetdeck.common.mdns.ResolvedService;
import io.fleetdeck.common.mdns.ServiceBrowser;
import io.fleetdeck.model.ConsoleAnnouncement;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.testkit.Poll;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's announcement as a daemon receives it, on loopback only. */
class ConsoleAdvertiserTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void announcesTheOperatorKeyFingerprintWithTheBroker() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String consoleId = "console-" + tag;
        KeyFingerprint operatorKey = KeyFingerprint.of(
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic());
        Map<String, ConsoleAnnouncement> seen = new ConcurrentHashMap<>();
        try (MdnsEndpoints consoleSide = MdnsEndpoints.open(List.of("lo"), "fd-" + consoleId, Duration.ofSeconds(3));
             MdnsEndpoints daemonSide = MdnsEndpoints.open(List.of("lo"), "fd-daemon-" + tag, Duration.ofSeconds(3));
             ServiceBrowser browser = new ServiceBrowser(daemonSide, ConsoleAnnouncement.SERVICE_TYPE,
                     Duration.ofSeconds(2), new ServiceBrowser.Listener() {
                         @Override
                         public void resolved(ResolvedService service) {
                             try {
                                 seen.put(service.instance(),
                                         ConsoleAnnouncement.fromTxt(service.instance(), service.txt()));
                             } catch (io.fleetdeck.model.AnnouncementException e) {
                                 throw new AssertionError(e);
                             }
                         }

                         @Override
                         public void removed(String instance, String via) {
                         }
                     });
             ConsoleAdvertiser advertiser = new ConsoleAdvertiser(consoleSide, consoleId, operatorKey, "127.0.0.1",
                     1883)) {
            ConsoleAnnouncement found = Poll.value("the console is announced on lo", DEADLINE,
                    () -> seen.get(consoleId));

            assertThat(found).isEqualTo(new ConsoleAnnouncement(consoleId, "tcp://127.0.0.1:1883", operatorKey));
            assertThat(advertiser.advertisement()).isNotNull();
        }
    }

    @Test
    void putsTheFingerprintIntoEveryInterfacesTxt() {
        KeyFingerprint key = new KeyFingerprint("SHA256:" + "K".repeat(43));
        assertThat(ConsoleAdvertiser.txtFor("console-x", key, BrokerBindingTest.LO, "0.0.0.0", 1883))
                .containsEntry("fp", key.value()).containsEntry("console", "console-x");
    }

    @Test
    void announcesThatThisConsoleReadsCompactTelemetry() {
        KeyFingerprint key = new KeyFingerprint("SHA256:" + "K".repeat(43));
        assertThat(ConsoleAdvertiser.txtFor("console-x", key, BrokerBindingTest.LO, "0.0.0.0", 1883))
                .containsEntry("tel", "json,compact");
    }

    @Test
    void withTlsOnTheAnnouncedBrokerIsTheSslListenerOnThatInterface() throws Exception {
        MdnsInterface eth0 = new MdnsInterface("eth0", (Inet4Address) InetAddress.getByName("192.0.2.10"), false);
        KeyFingerprint key = new KeyFingerprint("SHA256:" + "K".repeat(43));

        Map<String, String> txt = ConsoleAdvertiser.txtFor("console-x", key, eth0, "0.0.0.0", 8883, "ssl");

        assertThat(txt).containsEntry("broker", "ssl://192.0.2.10:8883");
        Map<String, byte[]> raw = new java.util.HashMap<>();
        txt.forEach((k, value) -> raw.put(k, value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        // What a daemon's console finder parses must accept it.
        assertThat(ConsoleAnnouncement.fromTxt("console-x", raw).brokerUrl()).isEqualTo("ssl://192.0.2.10:8883");
    }
}
