package io.fleetdeck.daemon.hardware;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfigBuilder;

import java.io.IOException;
import java.util.Objects;

/** {@link I2cRegisters} over a Pi4J {@link I2C} device; Pi4J's unchecked failures become {@link IOException}s. */
public final class Pi4jI2cRegisters implements I2cRegisters, AutoCloseable {
    private final I2C device;
    private final String address;

    public Pi4jI2cRegisters(I2C device, int bus, int deviceAddress) {
        this.device = Objects.requireNonNull(device, "device");
        this.address = String.format("i2c-%d@0x%02x", bus, deviceAddress);
    }

    /** Opens {@code bus}/{@code deviceAddress} on the context's default I²C provider. */
    public static Pi4jI2cRegisters open(Context pi4j, int bus, int deviceAddress) {
        I2C device = pi4j.create(I2CConfigBuilder.newInstance(pi4j)
                .id(String.format("i2c-%d-%02x", bus, deviceAddress))
                .bus(bus)
                .device(deviceAddress)
                .build());
        return new Pi4jI2cRegisters(device, bus, deviceAddress);
    }

    @Override
    public int read(int register) throws IOException {
        int value;
        try {
            value = device.readRegister(register);
        } catch (RuntimeException e) {
            throw new IOException(address + " register 0x" + Integer.toHexString(register) + ": " + e.getMessage(), e);
        }
        if (value < 0) {
            throw new IOException(address + " register 0x" + Integer.toHexString(register) + ": error " + value);
        }
        return value & 0xFF;
    }

    @Override
    public void read(int register, byte[] into) throws IOException {
        int n;
        try {
            n = device.readRegister(register, into, 0, into.length);
        } catch (RuntimeException e) {
            throw new IOException(address + " burst read at 0x" + Integer.toHexString(register) + ": " + e.getMessage(), e);
        }
        if (n != into.length) {
            throw new IOException(address + " burst read at 0x" + Integer.toHexString(register) + ": expected "
                    + into.length + " bytes, got " + n);
        }
    }

    @Override
    public void write(int register, int value) throws IOException {
        try {
            device.writeRegister(register, (byte) value);
        } catch (RuntimeException e) {
            throw new IOException(address + " write 0x" + Integer.toHexString(register) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public void close() {
        device.close();
    }
}
