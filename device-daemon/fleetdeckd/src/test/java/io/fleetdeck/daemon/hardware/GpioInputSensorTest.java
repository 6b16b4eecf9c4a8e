package io.fleetdeck.daemon.hardware;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** GPIO through Pi4J's mock platform, as off a Pi. */
class GpioInputSensorTest {
    private Context pi4j;

    @BeforeEach
    void createMockContext() {
        pi4j = Pi4jContexts.mock();
    }

    @AfterEach
    void shutdown() {
        pi4j.shutdown();
    }

    @Test
    void readsOneWhenHighAndZeroWhenLow() throws Exception {
        GpioInputSensor sensor = GpioInputSensor.open(pi4j, 17, PullResistance.PULL_DOWN, 100);
        MockDigitalInput input = pi4j.registry().get("gpio17", MockDigitalInput.class);

        input.mockState(DigitalState.HIGH);
        assertThat(sensor.read()).isEqualTo(1.0);
        input.mockState(DigitalState.LOW);
        assertThat(sensor.read()).isEqualTo(0.0);
        assertThat(sensor.descriptor().id()).isEqualTo("gpio17");
        assertThat(sensor.descriptor().kind()).isEqualTo("gpio");
    }

    @Test
    void identifyBlinksTheConfiguredOutput() throws Exception {
        GpioIdentifier identifier = GpioIdentifier.open(pi4j, 22);
        assertThat(identifier.identify()).contains("blinking GPIO 22");
        assertThat(identifier.identify()).contains("already blinking");
    }
}
