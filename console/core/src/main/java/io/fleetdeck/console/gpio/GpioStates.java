package io.fleetdeck.console.gpio;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.GpioState;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The latest pins and levels each device reported on its retained {@code gpio} topic. Written on the MQTT callback
 * thread; listeners hear which device changed there too, and must hand on rather than touch a scene.
 */
public final class GpioStates {
    private final Map<DeviceId, GpioState> latest = new ConcurrentHashMap<>();
    private final List<Consumer<DeviceId>> listeners = new CopyOnWriteArrayList<>();

    /** Keeps {@code state} unless the device already reported a newer one (a retained copy can arrive late). */
    public void record(DeviceId device, GpioState state) {
        GpioState kept = latest.merge(device, state, (old, fresh) -> fresh.ts() >= old.ts() ? fresh : old);
        if (kept == state) {
            listeners.forEach(listener -> listener.accept(device));
        }
    }

    public Optional<GpioState> state(DeviceId device) {
        return Optional.ofNullable(latest.get(device));
    }

    /** Calls {@code listener} with a device whenever its state changes; on the thread that recorded it. */
    public void addListener(Consumer<DeviceId> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<DeviceId> listener) {
        listeners.remove(listener);
    }
}
