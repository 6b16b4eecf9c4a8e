package io.fleetdeck.console.discovery;

import io.fleetdeck.common.mdns.MdnsEndpoints;
import io.fleetdeck.daemon.discovery.DaemonMdns;
import io.fleetdeck.daemon.discovery.DeviceAnnouncer;
import io.fleetdeck.daemon.identity.DeviceKey;
import io.fleetdeck.model.AnnouncementException.Reason;
import io.fleetdeck.model.DeviceAnnouncement;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.testkit.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's device browser against real announcements on loopback only: the daemon's announcer, and a raw JmDNS
 * publishing hand-made (hostile) TXT bytes. Instance names carry a random tag, since other builds on this machine
 * may announce on loopback at the same time.
 */
class DeviceBrowserTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(DeviceBrowserTest.class);

    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final RecordingDiscoveryListener seen = new RecordingDiscoveryListener();
    private MdnsEndpoints consoleSide;
    private DeviceBrowser browser;

    @BeforeEach
    void browse() {
        consoleSide = MdnsEndpoints.open(List.of("lo"), "fd-console-" + tag, Duration.ofSeconds(3));
        browser = new DeviceBrowser(consoleSide, Duration.ofSeconds(2), seen);
    }

    @AfterEach
    void close() {
        browser.close();
        consoleSide.close();
    }

    @Test
    void reportsADeviceItsFirmwareChangeAndItsGoodbye() {
        String instance = "bench-pi-" + tag;
        DeviceKey key = DeviceKey.generate();
        DeviceAnnouncement v1 = new DeviceAnnouncement(DeviceId.of("pi-" + tag), "Raspberry Pi 4 Model B", "1.0.0",
                key.fingerprint());
        try (DaemonMdns daemon = DaemonMdns.open(List.of("lo"), "fd-daemon-" + tag)) {
            long start = System.nanoTime();
            DeviceAnnouncer announcer = daemon.announce(instance, v1);

            RecordingDiscoveryListener.Announced first = Poll.value("the device is announced", DEADLINE,
                    () -> seen.last(instance).orElse(null));
            log.info("device registration to announced() on lo: {} ms", (first.atNanos() - start) / 1_000_000);
            assertThat(first.announcement()).isEqualTo(v1);
            assertThat(first.hostname()).isEqualTo("fd-daemon-" + tag + ".local.");
            assertThat(first.addresses()).extracting(InetAddress::getHostAddress).first().isEqualTo("127.0.0.1");
            assertThat(first.port()).isEqualTo(DeviceAnnouncer.NO_INBOUND_PORT);
            assertThat(first.via()).isEqualTo("lo");

            long update = System.nanoTime();
            announcer.update(new DeviceAnnouncement(v1.id(), v1.model(), "1.1.0", v1.fingerprint()));
            RecordingDiscoveryListener.Announced second = Poll.value("the new firmware is announced", DEADLINE,
                    () -> seen.last(instance).filter(a -> a.announcement().firmwareVersion().equals("1.1.0"))
                            .orElse(null));
            log.info("firmware update to announced() on lo: {} ms", (second.atNanos() - update) / 1_000_000);
            assertThat(seen.departedInstance(instance)).as("an update is not a departure").isFalse();
        }
        // Closing DaemonMdns withdraws with goodbye packets.
        Poll.until("the goodbye is reported", DEADLINE, () -> seen.departedInstance(instance));
        assertThat(seen.departed).filteredOn(d -> d.instance().equals(instance)).first()
                .extracting(RecordingDiscoveryListener.Departed::id).isEqualTo(v1.id());
        assertThat(seen.refused).filteredOn(r -> r.instance().contains(tag)).isEmpty();
    }

    @Test
    void refusesHostileAnnouncementsWithTheirReasonAndNeverAnnouncesThem() throws Exception {
        String fp = DeviceKey.generate().fingerprint().value();
        Map<String, byte[]> hostile = new LinkedHashMap<>();
        hostile.put("nofp-" + tag, txt("txtvers=1", "proto=1", "id=nofp-" + tag, "model=x", "fw=1"));
        hostile.put("slash-" + tag, txt("txtvers=1", "proto=1", "id=a/b", "model=x", "fw=1", "fp=" + fp));
        hostile.put("wild-" + tag, txt("txtvers=1", "proto=1", "id=a+#", "model=x", "fw=1", "fp=" + fp));
        hostile.put("latin1-" + tag, concat(txt("txtvers=1", "proto=1", "id=l-" + tag, "fw=1", "fp=" + fp),
                pair(new byte[]{'m', 'o', 'd', 'e', 'l', '=', (byte) 0xe9, (byte) 0xff})));
        hostile.put("proto2-" + tag, txt("txtvers=1", "proto=2", "id=p-" + tag, "model=x", "fw=1", "fp=" + fp));
        Map<String, Reason> expected = Map.of("huge-" + tag, Reason.TOO_LARGE, "nofp-" + tag, Reason.MISSING_KEY,
                "slash-" + tag, Reason.INVALID_VALUE, "wild-" + tag, Reason.INVALID_VALUE,
                "latin1-" + tag, Reason.NOT_UTF8, "proto2-" + tag, Reason.UNKNOWN_VERSION);

        // JmDNS cannot send the 8 KB record (its announcer fails and keeps recovering), so that one is sent raw.
        byte[] huge = RawMdnsResponse.packet(DeviceAnnouncement.SERVICE_TYPE, "huge-" + tag, "fd-huge-" + tag
                + ".local.", 0, hugeTxt(fp), (Inet4Address) InetAddress.getByName("127.0.0.1"), 120);
        assertThat(huge.length).isGreaterThan(8000);
        JmDNS raw = JmDNS.create(InetAddress.getByName("127.0.0.1"), "fd-hostile-" + tag);
        try {
            for (Map.Entry<String, byte[]> entry : hostile.entrySet()) {
                raw.registerService(ServiceInfo.create(DeviceAnnouncement.SERVICE_TYPE, entry.getKey(), 0, 0, 0,
                        entry.getValue()));
            }
            long[] lastSent = {0};
            for (Map.Entry<String, Reason> entry : expected.entrySet()) {
                Poll.until(entry.getKey() + " is refused", DEADLINE, () -> {
                    if (entry.getKey().startsWith("huge-") && System.nanoTime() - lastSent[0] > 1_000_000_000L) {
                        // Unsolicited, so repeated once a second until seen, as a responder would.
                        sendQuietly(huge);
                        lastSent[0] = System.nanoTime();
                    }
                    return seen.refusal(entry.getKey()).isPresent();
                });
                assertThat(seen.refusal(entry.getKey()).orElseThrow().reason()).as(entry.getKey())
                        .isEqualTo(entry.getValue());
            }
            assertThat(seen.announced).noneMatch(a -> expected.containsKey(a.instance()));
        } finally {
            raw.close();
        }
    }

    @Test
    void reportsBothInstancesThatClaimTheSameId() {
        DeviceId id = DeviceId.of("twin-" + tag);
        try (DaemonMdns first = DaemonMdns.open(List.of("lo"), "fd-twin-a-" + tag);
             DaemonMdns second = DaemonMdns.open(List.of("lo"), "fd-twin-b-" + tag)) {
            first.announce("twin-a-" + tag, new DeviceAnnouncement(id, "x", "1", DeviceKey.generate().fingerprint()));
            second.announce("twin-b-" + tag, new DeviceAnnouncement(id, "x", "1", DeviceKey.generate().fingerprint()));
            Poll.until("both are announced", DEADLINE,
                    () -> seen.last("twin-a-" + tag).isPresent() && seen.last("twin-b-" + tag).isPresent());
            assertThat(seen.last("twin-a-" + tag).orElseThrow().announcement().fingerprint())
                    .isNotEqualTo(seen.last("twin-b-" + tag).orElseThrow().announcement().fingerprint());
            assertThat(seen.last("twin-a-" + tag).orElseThrow().hostname()).startsWith("fd-twin-a-");
            assertThat(seen.last("twin-b-" + tag).orElseThrow().hostname()).startsWith("fd-twin-b-");
        }
    }

    private static void sendQuietly(byte[] packet) {
        try {
            RawMdnsResponse.sendOnLoopback(packet);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** About 8 KB of otherwise valid TXT: 32 padding strings of 250 bytes beside the real keys. */
    private static byte[] hugeTxt(String fp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(txt("txtvers=1", "proto=1", "id=huge", "model=x", "fw=1", "fp=" + fp));
        for (int i = 0; i < 32; i++) {
            out.writeBytes(pair(("pad" + i + "=" + "x".repeat(240)).getBytes(StandardCharsets.US_ASCII)));
        }
        return out.toByteArray();
    }

    private static byte[] txt(String... pairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : pairs) {
            out.writeBytes(pair(p.getBytes(StandardCharsets.UTF_8)));
        }
        return out.toByteArray();
    }

    private static byte[] pair(byte[] bytes) {
        byte[] out = new byte[bytes.length + 1];
        out[0] = (byte) bytes.length;
        System.arraycopy(bytes, 0, out, 1, bytes.length);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
