package io.fleetdeck.daemon.hardware;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.fleetdeck.daemon.gpio.GpioHardwareException;
import io.fleetdeck.daemon.gpio.GpioLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The GPIO bench's pins through Pi4J's mock platform, as off a Pi. */
class Pi4jGpioPortTest {
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
    void drivesDeclaredOutputsAndReadsThemBack() throws Exception {
        Pi4jGpioPort port = Pi4jGpioPort.open(pi4j, new GpioLayout(List.of(), List.of(23, 24)), PullResistance.OFF);

        assertThat(port.read(23)).isFalse();
        port.write(23, true);
        assertThat(port.read(23)).isTrue();
        assertThat(port.read(24)).isFalse();
        port.write(23, false);
        assertThat(port.read(23)).isFalse();
    }

    @Test
    void sharesTheSensorsInputAndReportsItsChanges() throws Exception {
        GpioInputSensor sensor = GpioInputSensor.open(pi4j, 17, PullResistance.PULL_DOWN, 100);
        Pi4jGpioPort port = Pi4jGpioPort.open(pi4j, new GpioLayout(List.of(17), List.of(23)), PullResistance.OFF);
        List<Integer> changed = new ArrayList<>();
        port.onInputChange(changed::add);
        MockDigitalInput input = pi4j.registry().get("gpio17", MockDigitalInput.class);

        input.mockState(DigitalState.HIGH);

        assertThat(port.read(17)).isTrue();
        assertThat(sensor.read()).isEqualTo(1.0);
        assertThat(changed).contains(17);
    }

    @Test
    void neverDrivesAnInput() {
        Pi4jGpioPort port = Pi4jGpioPort.open(pi4j, new GpioLayout(List.of(17), List.of()), PullResistance.OFF);

        assertThatThrownBy(() -> port.write(17, true)).isInstanceOf(GpioHardwareException.class)
                .hasMessage("GPIO 17: not provisioned as an output");
    }
}
