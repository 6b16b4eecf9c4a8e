package io.fleetdeck.console.runtime;

import io.fleetdeck.console.history.ReadingStore;
import io.fleetdeck.console.history.ReadingVisitor;
import io.fleetdeck.console.history.StoredDevice;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.Reading;

import java.util.List;

/**
 * The history of services built {@link ConsoleServices.Builder#withoutHistory() without history}: the ingest
 * pipeline still needs a store, and a short-lived client (the deploy command) must leave the window's file alone.
 */
final class NoHistory implements ReadingStore {
    @Override
    public void append(DeviceId device, List<Reading> readings, Runnable whenCommitted) {
        // Nothing is kept, so nothing is waiting: acknowledge at once.
        whenCommitted.run();
    }

    @Override
    public long scan(DeviceId device, String sensor, long fromMs, long toMs, ReadingVisitor visitor) {
        return 0;
    }

    @Override
    public List<String> sensors(DeviceId device) {
        return List.of();
    }

    @Override
    public void recordDevice(DeviceId device, DeviceInfo info, long seenAtMs) {
    }

    @Override
    public List<Reading> history(DeviceId device, String sensor, long fromMs, long toMs, int maxPoints) {
        return List.of();
    }

    @Override
    public List<StoredDevice> devices() {
        return List.of();
    }

    @Override
    public void flush() {
    }

    @Override
    public long committedReadings() {
        return 0;
    }

    @Override
    public void close() {
    }
}
