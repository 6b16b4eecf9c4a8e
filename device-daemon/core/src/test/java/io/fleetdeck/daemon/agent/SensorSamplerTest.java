package io.fleetdeck.daemon.agent;

import io.fleetdeck.daemon.sensors.Sensor;
import io.fleetdeck.daemon.sensors.SensorReadException;
import io.fleetdeck.model.DeviceEvent;
import io.fleetdeck.model.EventLevel;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.SensorDescriptor;
import io.fleetdeck.testkit.Poll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class SensorSamplerTest {
    /** A sensor that fails while {@link #broken} is set. */
    static final class Flaky implements Sensor {
        final AtomicBoolean broken = new AtomicBoolean();
        final SensorDescriptor descriptor;

        Flaky(String id) {
            descriptor = new SensorDescriptor(id, "temperature", "°C", id, 10);
        }

        @Override
        public SensorDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public double read() throws SensorReadException {
            if (broken.get()) {
                throw new SensorReadException(descriptor.id(), "/sys/fixture", "unplugged");
            }
            return 21.5;
        }
    }

    @Test
    void aSensorsReadingsInOneMillisecondGetDistinctTimestampsButAStepBackIsTaken() {
        Flaky sensor = new Flaky("temp");
        List<Reading> readings = new CopyOnWriteArrayList<>();
        long[] now = {1_000_000};
        SensorSampler sampler = new SensorSampler("dev", List.of(sensor), readings::add, event -> { },
                () -> now[0]);
        sampler.sampleOnce(sensor, false);
        sampler.sampleOnce(sensor, false);
        sampler.sampleOnce(sensor, false);
        now[0] = 1_000_010;
        sampler.sampleOnce(sensor, false);
        now[0] = 500_000;
        sampler.sampleOnce(sensor, false);

        assertThat(readings).extracting(Reading::ts)
                .containsExactly(1_000_000L, 1_000_001L, 1_000_002L, 1_000_010L, 500_000L);
    }

    @Test
    void reportsOneEventPerFailureStreakAndKeepsTheOthersRunning() {
        Flaky flaky = new Flaky("flaky");
        Flaky steady = new Flaky("steady");
        flaky.broken.set(true);
        List<Reading> readings = new CopyOnWriteArrayList<>();
        List<DeviceEvent> events = new CopyOnWriteArrayList<>();
        try (SensorSampler sampler = new SensorSampler("dev", List.of(flaky, steady), readings::add, events::add,
                System::currentTimeMillis)) {
            sampler.start();
            Poll.until("steady readings", Duration.ofSeconds(10),
                    () -> readings.stream().filter(r -> r.sensor().equals("steady")).count() > 20);
            assertThat(events).hasSize(1);
            assertThat(events.getFirst().level()).isEqualTo(EventLevel.WARN);
            assertThat(events.getFirst().type()).isEqualTo("sensor-error");
            assertThat(events.getFirst().message()).contains("flaky").contains("/sys/fixture").contains("unplugged");
            assertThat(readings).noneMatch(r -> r.sensor().equals("flaky"));

            flaky.broken.set(false);
            Poll.until("flaky recovered", Duration.ofSeconds(10),
                    () -> readings.stream().anyMatch(r -> r.sensor().equals("flaky")));
            flaky.broken.set(true);
            Poll.until("second streak reported", Duration.ofSeconds(10), () -> events.size() == 2);
        }
    }

    @Test
    void treatsANonFiniteValueAsAFailure() {
        Sensor nan = new Sensor() {
            @Override
            public SensorDescriptor descriptor() {
                return new SensorDescriptor("nan", "x", "", "nan", 10);
            }

            @Override
            public double read() {
                return Double.NaN;
            }
        };
        List<DeviceEvent> events = new CopyOnWriteArrayList<>();
        SensorSampler sampler = new SensorSampler("dev", List.of(nan), r -> { }, events::add, () -> 1L);
        assertThat(sampler.sampleOnce(nan, false)).isTrue();
        assertThat(sampler.sampleOnce(nan, true)).isTrue();
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().message()).contains("not finite");
    }
}
