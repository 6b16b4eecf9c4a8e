package io.fleetdeck.daemon.ota;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/** Health signals a test changes while the updater polls them: three sensors, connected, none acknowledged yet. */
final class TestSignals implements HealthSignals {
    volatile boolean connected = true;
    final Set<String> acknowledged = new CopyOnWriteArraySet<>();

    /** Every sensor has an acknowledged reading. */
    TestSignals healthy() {
        acknowledged.addAll(sensors());
        return this;
    }

    @Override
    public boolean connected() {
        return connected;
    }

    @Override
    public List<String> sensors() {
        return List.of("temp", "humidity", "pressure");
    }

    @Override
    public Set<String> acknowledgedSensors() {
        return acknowledged;
    }
}
