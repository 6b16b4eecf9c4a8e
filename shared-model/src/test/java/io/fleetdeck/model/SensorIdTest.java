package io.fleetdeck.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SensorIdTest {
    @ParameterizedTest
    @ValueSource(strings = {"soc", "soc-temp", "28-0316a2b4c5d6", "bme280.humidity", "gpio_17", "0", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void acceptsSensorIdsThatMatchTheDocumentedPattern(String id) {
        assertThat(Identifiers.SENSOR_ID.matcher(id).matches()).isTrue();
        assertThat(Identifiers.requireSensorId(id)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Soc", "-x", ".x", "_x", "a/b", "a+b", "a#", "a b", "é", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void rejectsWhatThePatternRejects(String id) {
        assertThat(Identifiers.SENSOR_ID.matcher(id).matches()).isFalse();
        assertThatThrownBy(() -> Identifiers.requireSensorId(id)).isInstanceOf(InvalidIdentifierException.class);
    }
}
