package io.fleetdeck.simulator;

import io.fleetdeck.daemon.sensors.Sensor;
import io.fleetdeck.model.SensorDescriptor;

import java.util.List;
import java.util.Random;

/** The sensor set of one virtual device: the same four kinds on every device, each device with its own phase. */
public final class SimulatedSensors {
    private SimulatedSensors() {
    }

    /**
     * Four sensors sampled every {@code periodMs}: a temperature sine with noise, a slower SoC temperature sine,
     * random-walk humidity and pressure. {@code index} picks the phase and seeds the noise, so runs are repeatable.
     */
    public static List<Sensor> forDevice(int index, long periodMs) {
        Random random = new Random(0x5EEDL * 31 + index);
        double phase = index * 0.7;
        return List.of(
                new SineSensor(new SensorDescriptor("temperature", "temperature", "°C", "Air temperature", periodMs),
                        21.0 + (index % 5) * 0.5, 3.0, 60_000, phase, 0.15, random, System::currentTimeMillis),
                new SineSensor(new SensorDescriptor("soc-temp", "temperature", "°C", "SoC temperature", periodMs),
                        48.0, 6.0, 150_000, phase * 1.3, 0.4, new Random(random.nextLong()),
                        System::currentTimeMillis),
                new RandomWalkSensor(new SensorDescriptor("humidity", "humidity", "%", "Relative humidity", periodMs),
                        45.0 + (index % 7), 0.3, 0.0, 100.0, new Random(random.nextLong())),
                new RandomWalkSensor(new SensorDescriptor("pressure", "pressure", "hPa", "Barometric pressure",
                        periodMs), 1013.0 + (index % 11) - 5, 0.05, 950.0, 1060.0, new Random(random.nextLong())));
    }
}
