package io.fleetdeck.daemon.mqtt;

import io.fleetdeck.model.ConsoleAnnouncement;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.TelemetryEncoding;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TelemetryEncodingChoiceTest {
    private static final KeyFingerprint KEY = new KeyFingerprint("SHA256:" + "A".repeat(43));
    /** A console of this version: its TXT record says {@code tel=json,compact}. */
    private static final ConsoleAnnouncement CURRENT = new ConsoleAnnouncement("lab", "tcp://127.0.0.1:1883", KEY);
    /** A console from before the compact encoding: no {@code tel=}. */
    private static final ConsoleAnnouncement OLD = new ConsoleAnnouncement("lab", "tcp://127.0.0.1:1883",
            Optional.of(KEY));

    @Test
    void autoSendsCompactOnlyToAConsoleThatAnnouncesIt() {
        assertThat(TelemetryEncodingChoice.AUTO.forConsole(Optional.of(CURRENT))).isEqualTo(TelemetryEncoding.COMPACT);
        assertThat(TelemetryEncodingChoice.AUTO.forConsole(Optional.of(OLD))).isEqualTo(TelemetryEncoding.JSON);
    }

    @Test
    void autoSendsJsonToAConfiguredBroker() {
        assertThat(TelemetryEncodingChoice.AUTO.forConsole(Optional.empty())).isEqualTo(TelemetryEncoding.JSON);
    }

    @Test
    void aForcedChoiceIgnoresTheConsole() {
        assertThat(TelemetryEncodingChoice.JSON.forConsole(Optional.of(CURRENT))).isEqualTo(TelemetryEncoding.JSON);
        assertThat(TelemetryEncodingChoice.COMPACT.forConsole(Optional.of(OLD))).isEqualTo(TelemetryEncoding.COMPACT);
        assertThat(TelemetryEncodingChoice.COMPACT.forConsole(Optional.empty())).isEqualTo(TelemetryEncoding.COMPACT);
    }

    @Test
    void parsesWhatConfigFilesAndCommandLinesSay() {
        assertThat(TelemetryEncodingChoice.parse("auto")).isEqualTo(TelemetryEncodingChoice.AUTO);
        assertThat(TelemetryEncodingChoice.parse(" Compact ")).isEqualTo(TelemetryEncodingChoice.COMPACT);
        assertThat(TelemetryEncodingChoice.parse("json")).isEqualTo(TelemetryEncodingChoice.JSON);
        assertThatThrownBy(() -> TelemetryEncodingChoice.parse("cbor"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auto, json, compact");
    }
}
