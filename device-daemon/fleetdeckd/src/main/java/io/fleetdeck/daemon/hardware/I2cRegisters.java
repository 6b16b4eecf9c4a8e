package io.fleetdeck.daemon.hardware;

import java.io.IOException;

/**
 * The register view of one I²C device: the hardware boundary the BME280 driver talks to. The daemon implements it
 * over Pi4J ({@link Pi4jI2cRegisters}); tests implement it over a register map.
 */
public interface I2cRegisters {
    /** One unsigned byte, 0..255. */
    int read(int register) throws IOException;

    /** A burst read of {@code into.length} consecutive registers starting at {@code register}. */
    void read(int register, byte[] into) throws IOException;

    void write(int register, int value) throws IOException;

    /** Where the device sits, e.g. {@code i2c-1@0x76}, for error messages. */
    String address();
}
