package io.fleetdeck.daemon.mqtt;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MqttSettingsTest {
    @Test
    void acceptsPlainAndTlsBrokerUrls() {
        assertThat(MqttSettings.defaults("tcp://127.0.0.1:1883").tls()).isFalse();
        assertThat(MqttSettings.defaults("ssl://127.0.0.1:8883").tls()).isTrue();
    }

    @Test
    void refusesOtherSchemesNamingBothShapes() {
        assertThatThrownBy(() -> MqttSettings.defaults("ws://127.0.0.1:8080"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tcp://HOST:PORT").hasMessageContaining("ssl://HOST:PORT");
    }

    @Test
    void keepsTheCaFileWhenTheBrokerMoves() {
        Path ca = Path.of("/etc/fleetdeckd/console-ca.pem");

        MqttSettings moved = MqttSettings.defaults("ssl://10.0.0.1:8883").withCaFile(ca)
                .withBrokerUrl("ssl://10.0.0.2:8883").withKeepAlive(java.time.Duration.ofSeconds(20));

        assertThat(moved.caFile()).contains(ca);
        assertThat(MqttSettings.defaults("tcp://127.0.0.1:1883").caFile()).isEmpty();
    }
}
