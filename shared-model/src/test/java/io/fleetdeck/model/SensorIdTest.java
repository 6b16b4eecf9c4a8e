package io.fleetdeck.model;

import org.junit.jupiter.api.Test;
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

    /** Valid ids are remembered by object; an invalid string never passes on the strength of a remembered one. */
    @Test
    void aRememberedIdDoesNotLetAnInvalidOneThrough() {
        String valid = "cpu_temp";
        assertThat(Identifiers.requireSensorId(valid)).isSameAs(valid);
        assertThat(Identifiers.requireSensorId(valid)).isSameAs(valid);
        // "ab" and "bC" share a hash code, so the same slot: the remembered "ab" must not let "bC" through.
        assertThat("ab".hashCode()).isEqualTo("bC".hashCode());
        assertThat(Identifiers.requireSensorId("ab")).isEqualTo("ab");
        assertThatThrownBy(() -> Identifiers.requireSensorId("bC")).isInstanceOf(InvalidIdentifierException.class);
        String copy = new String(valid.toCharArray());
        assertThat(Identifiers.requireSensorId(copy)).isEqualTo(valid);
    }
}
