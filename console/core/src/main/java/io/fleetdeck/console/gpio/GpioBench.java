package io.fleetdeck.console.gpio;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.GpioState;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The console's GPIO bench: each device's pins with their live levels, and writes to them over {@code cmd/gpio}
 * (signed with the operator key). The device decides: it drives only pins its config declares as outputs, and says
 * why it refused otherwise. Every write, carried out or not, goes to the audit log as {@code GPIO_WRITE}.
 */
public interface GpioBench {
    /** The pins {@code device} last reported; empty before it reported any (or when it exposes none). */
    Optional<GpioState> state(DeviceId device);

    /** Calls {@code listener} with a device whenever its pins change; on an MQTT thread, so hand on at once. */
    void addListener(Consumer<DeviceId> listener);

    void removeListener(Consumer<DeviceId> listener);

    /**
     * Asks {@code device} to drive {@code pin}. Sent whatever the console knows of the pin: the device's interlock is
     * the one that counts. Returns at once.
     *
     * @return completes (never exceptionally) once the device answered or the console gave up, after the audit entry
     *         is written
     */
    CompletableFuture<GpioWriteResult> write(DeviceId device, int pin, boolean high);
}
