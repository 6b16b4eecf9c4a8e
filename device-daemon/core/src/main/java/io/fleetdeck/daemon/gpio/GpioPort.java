package io.fleetdeck.daemon.gpio;

import java.util.function.IntConsumer;

/**
 * Digital pins behind a provider: Pi4J on a device ({@code Pi4jGpioPort} in fleetdeckd), memory in the simulator and
 * tests ({@link MemoryGpioPort}). A port only moves levels; which pins may be driven is {@link GpioBench}'s to decide.
 */
public interface GpioPort {
    /** The level of {@code pin}, input or output. */
    boolean read(int pin) throws GpioHardwareException;

    /** Drives output {@code pin}. */
    void write(int pin, boolean high) throws GpioHardwareException;

    /** Calls {@code listener} with the pin whenever an input's level changes by itself; on any thread. */
    void onInputChange(IntConsumer listener);
}
