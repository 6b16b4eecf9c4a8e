package io.fleetdeck.console.mqtt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerAddressTest {
    @Test
    void readsPahosTcpAndSslUrls() {
        assertThat(BrokerAddress.parse("tcp://127.0.0.1:1884")).isEqualTo(new BrokerAddress("127.0.0.1", 1884, false));
        assertThat(BrokerAddress.parse("ssl://broker.lab:8884")).isEqualTo(new BrokerAddress("broker.lab", 8884, true));
        assertThat(BrokerAddress.parse("tcp://[::1]:1883")).isEqualTo(new BrokerAddress("::1", 1883, false));
    }

    @Test
    void takesTheStandardPortsWhenNoneIsGiven() {
        assertThat(BrokerAddress.parse("tcp://broker.lab").port()).isEqualTo(1883);
        assertThat(BrokerAddress.parse("ssl://broker.lab").port()).isEqualTo(8883);
    }

    @Test
    void leavesOtherSchemesToPaho() {
        assertThat(TelemetrySession.supports("ws://broker.lab:8080/mqtt")).isFalse();
        assertThat(TelemetrySession.supports("ssl://broker.lab:8883")).isTrue();
        assertThatThrownBy(() -> BrokerAddress.parse("tcp://")).isInstanceOf(BrokerConnectionException.class);
    }
}
