package io.fleetdeck.simulator;

import io.fleetdeck.daemon.sensors.Sensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatedSensorsTest {
    @Test
    void staysInRealisticRangesOverALongRun() throws Exception {
        List<Sensor> sensors = SimulatedSensors.forDevice(3, 100);
        assertThat(sensors).extracting(s -> s.descriptor().unit()).containsExactly("°C", "°C", "%", "hPa");
        for (int i = 0; i < 20_000; i++) {
            assertThat(sensors.get(0).read()).isBetween(10.0, 35.0);
            assertThat(sensors.get(1).read()).isBetween(35.0, 62.0);
            assertThat(sensors.get(2).read()).isBetween(0.0, 100.0);
            assertThat(sensors.get(3).read()).isBetween(950.0, 1060.0);
        }
    }

    @Test
    void devicesDifferInPhase() throws Exception {
        double a = SimulatedSensors.forDevice(0, 100).getFirst().read();
        double b = SimulatedSensors.forDevice(1, 100).getFirst().read();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void sineFollowsTheClock() {
        long[] now = {0};
        SineSensor sine = new SineSensor(SimulatedSensors.forDevice(0, 100).getFirst().descriptor(), 20, 5, 1000, 0,
                0, new java.util.Random(1), () -> now[0]);
        assertThat(sine.read()).isEqualTo(20.0, org.assertj.core.api.Assertions.within(1e-9));
        now[0] = 250;
        assertThat(sine.read()).isEqualTo(25.0, org.assertj.core.api.Assertions.within(1e-9));
    }
}
