package io.fleetdeck.model;

import io.fleetdeck.model.AnnouncementException.Reason;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnnouncementTest {
    private static final KeyFingerprint FP = new KeyFingerprint("SHA256:" + "A".repeat(43));

    private static Map<String, byte[]> bytes(Map<String, String> txt) {
        Map<String, byte[]> raw = new LinkedHashMap<>();
        txt.forEach((k, v) -> raw.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return raw;
    }

    private static Reason reasonOf(Map<String, byte[]> raw) {
        try {
            DeviceAnnouncement.fromTxt("bench-pi", raw);
            throw new AssertionError("accepted " + raw.keySet());
        } catch (AnnouncementException e) {
            assertThat(e.instance()).isEqualTo("bench-pi");
            return e.reason();
        }
    }

    @Test
    void roundTripsADeviceAnnouncementThroughTxt() throws Exception {
        DeviceAnnouncement announcement = new DeviceAnnouncement(DeviceId.of("pi-1234abcd"),
                "Raspberry Pi 4 Model B Rev 1.4", "1.4.2", FP);
        Map<String, String> txt = announcement.toTxt();
        assertThat(txt).containsEntry("id", "pi-1234abcd").containsEntry("proto", "1").containsEntry("fp", FP.value());
        assertThat(DeviceAnnouncement.fromTxt("x", bytes(txt))).isEqualTo(announcement);
    }

    @Test
    void roundTripsAConsoleAnnouncementWithItsKeyFingerprint() throws Exception {
        ConsoleAnnouncement console = new ConsoleAnnouncement("lab-console", "tcp://127.0.0.1:1883", FP);
        assertThat(console.toTxt()).containsEntry("fp", FP.value());
        assertThat(ConsoleAnnouncement.fromTxt("x", bytes(console.toTxt()))).isEqualTo(console);
        assertThat(console.brokerHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void readsAConsoleWithoutFpAsKeyUnknown() throws Exception {
        Map<String, String> old = Map.of("txtvers", "1", "proto", "1", "console", "c1", "broker", "tcp://h:1883");
        ConsoleAnnouncement console = ConsoleAnnouncement.fromTxt("c", bytes(old));
        assertThat(console.fingerprint()).isEmpty();
        assertThat(console.toTxt()).doesNotContainKey("fp");
    }

    @Test
    void aConsoleOfThisVersionAnnouncesThatItReadsCompactTelemetry() throws Exception {
        ConsoleAnnouncement console = new ConsoleAnnouncement("lab-console", "tcp://127.0.0.1:1883", FP);
        assertThat(console.toTxt()).containsEntry("tel", "json,compact");
        ConsoleAnnouncement back = ConsoleAnnouncement.fromTxt("x", bytes(console.toTxt()));
        assertThat(back.readsCompactTelemetry()).isTrue();
        assertThat(back.telemetry()).containsExactlyInAnyOrder(TelemetryEncoding.JSON, TelemetryEncoding.COMPACT);
    }

    @Test
    void aConsoleWithoutTelReadsJsonOnly() throws Exception {
        Map<String, String> old = Map.of("txtvers", "1", "proto", "1", "console", "c1", "broker", "tcp://h:1883",
                "fp", FP.value());
        ConsoleAnnouncement console = ConsoleAnnouncement.fromTxt("c", bytes(old));
        assertThat(console.readsCompactTelemetry()).isFalse();
        assertThat(console.telemetry()).containsExactly(TelemetryEncoding.JSON);
        assertThat(console.toTxt()).doesNotContainKey("tel");
    }

    @Test
    void skipsTelemetryEncodingsItDoesNotKnow() throws Exception {
        Map<String, String> later = Map.of("proto", "1", "console", "c1", "broker", "tcp://h:1883",
                "tel", "json,cbor-v9,compact");
        assertThat(ConsoleAnnouncement.fromTxt("c", bytes(later)).telemetry())
                .containsExactlyInAnyOrder(TelemetryEncoding.JSON, TelemetryEncoding.COMPACT);
        Map<String, String> unknownOnly = Map.of("proto", "1", "console", "c1", "broker", "tcp://h:1883",
                "tel", "cbor-v9");
        assertThat(ConsoleAnnouncement.fromTxt("c", bytes(unknownOnly)).readsCompactTelemetry()).isFalse();
    }

    @Test
    void refusesAConsoleWithAMalformedOrEmptyFp() {
        for (String fp : new String[]{"", "MD5:abc", "SHA256:short", "sha256:" + "A".repeat(43)}) {
            Map<String, String> txt = Map.of("proto", "1", "console", "c1", "broker", "tcp://h:1883", "fp", fp);
            assertThatThrownBy(() -> ConsoleAnnouncement.fromTxt("c", bytes(txt)))
                    .isInstanceOfSatisfying(AnnouncementException.class,
                            e -> assertThat(e.reason()).as(fp).isEqualTo(Reason.INVALID_VALUE));
        }
    }

    @Test
    void refusesAConsoleWithoutIdOrBroker() {
        for (String key : new String[]{"console", "broker", "proto"}) {
            Map<String, String> txt = new HashMap<>(Map.of("proto", "1", "console", "c1", "broker", "tcp://h:1883",
                    "fp", FP.value()));
            txt.remove(key);
            assertThatThrownBy(() -> ConsoleAnnouncement.fromTxt("c", bytes(txt)))
                    .isInstanceOfSatisfying(AnnouncementException.class,
                            e -> assertThat(e.reason()).as(key).isEqualTo(Reason.MISSING_KEY));
        }
    }

    @Test
    void refusesHostileDeviceTxtRecordsWithAReason() {
        Map<String, String> good = new DeviceAnnouncement(DeviceId.of("pi-1"), "m", "1", FP).toTxt();

        Map<String, String> huge = new HashMap<>(good);
        huge.put("junk", "x".repeat(8 * 1024));
        assertThat(reasonOf(bytes(huge))).isEqualTo(Reason.TOO_LARGE);

        Map<String, String> missing = new HashMap<>(good);
        missing.remove("fp");
        assertThat(reasonOf(bytes(missing))).isEqualTo(Reason.MISSING_KEY);

        for (String id : new String[]{"a/b", "a+b", "a#", "../etc", "x".repeat(65)}) {
            Map<String, String> bad = new HashMap<>(good);
            bad.put("id", id);
            assertThat(reasonOf(bytes(bad))).as(id).isEqualTo(Reason.INVALID_VALUE);
        }

        Map<String, byte[]> notUtf8 = bytes(good);
        notUtf8.put("model", new byte[]{(byte) 0xc3, (byte) 0x28});
        assertThat(reasonOf(notUtf8)).isEqualTo(Reason.NOT_UTF8);

        Map<String, String> future = new HashMap<>(good);
        future.put("proto", "2");
        assertThat(reasonOf(bytes(future))).isEqualTo(Reason.UNKNOWN_VERSION);

        Map<String, String> badFingerprint = new HashMap<>(good);
        badFingerprint.put("fp", "MD5:abc");
        assertThat(reasonOf(bytes(badFingerprint))).isEqualTo(Reason.INVALID_VALUE);
    }

    @Test
    void refusesConsolesAnnouncingSomethingOtherThanABrokerUrl() {
        for (String url : new String[]{"http://x:80", "tcp://host", "tcp://u:p@host:1883", "tcp://h:1883/path", "::"}) {
            Map<String, String> txt = new HashMap<>(Map.of("proto", "1", "console", "c1", "broker", url));
            assertThatThrownBy(() -> ConsoleAnnouncement.fromTxt("c", bytes(txt)))
                    .isInstanceOfSatisfying(AnnouncementException.class,
                            e -> assertThat(e.reason()).as(url).isEqualTo(Reason.INVALID_VALUE));
        }
    }

    @Test
    void fingerprintsAreStableSha256OfTheKey() throws Exception {
        var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyFingerprint one = KeyFingerprint.of(pair.getPublic());
        assertThat(one).isEqualTo(KeyFingerprint.of(pair.getPublic()));
        assertThat(one.value()).startsWith("SHA256:").hasSize(50);
        assertThat(one.shortForm()).hasSize(12);
        assertThat(KeyFingerprint.of(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()))
                .isNotEqualTo(one);
    }
}
