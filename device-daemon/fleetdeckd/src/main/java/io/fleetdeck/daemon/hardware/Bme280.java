package io.fleetdeck.daemon.hardware;

import io.fleetdeck.daemon.sensors.SensorReadException;

import java.io.IOException;
import java.util.Objects;

/**
 * A Bosch BME280 on I²C, run in normal mode with ×1 oversampling. Initialises lazily and again after any failure, so a
 * chip that was unplugged or browned out comes back without restarting the daemon. Thread-safe.
 */
public final class Bme280 {
    static final int REG_CHIP_ID = 0xD0;
    static final int REG_RESET = 0xE0;
    static final int REG_CALIB_TP = 0x88;
    static final int REG_CALIB_H = 0xE1;
    static final int REG_CTRL_HUM = 0xF2;
    static final int REG_STATUS = 0xF3;
    static final int REG_CTRL_MEAS = 0xF4;
    static final int REG_CONFIG = 0xF5;
    static final int REG_DATA = 0xF7;
    static final int CHIP_ID = 0x60;
    static final int RESET_COMMAND = 0xB6;
    /** osrs_h = ×1. */
    static final int CTRL_HUM_VALUE = 0b001;
    /** osrs_t = ×1, osrs_p = ×1, mode = normal. */
    static final int CTRL_MEAS_VALUE = (0b001 << 5) | (0b001 << 2) | 0b11;
    /** t_standby = 125 ms, IIR filter off: fresh data for any period the daemon samples at. */
    static final int CONFIG_VALUE = 0b010 << 5;
    /** The ADCs report this when a measurement was skipped (oversampling off or not yet converted). */
    static final int SKIPPED_20BIT = 0x80000;
    static final int SKIPPED_16BIT = 0x8000;

    /** One compensated measurement. */
    public record Measurement(double temperatureC, double pressureHpa, double humidityPercent) {
    }

    private final I2cRegisters registers;
    private final String sensorId;
    private Bme280Calibration calibration;

    public Bme280(I2cRegisters registers, String sensorId) {
        this.registers = Objects.requireNonNull(registers, "registers");
        this.sensorId = Objects.requireNonNull(sensorId, "sensorId");
    }

    /** Reads all three values from one burst so they belong to the same conversion. */
    public synchronized Measurement measure() throws SensorReadException {
        try {
            if (calibration == null) {
                calibration = initialise();
            }
            byte[] data = new byte[8];
            registers.read(REG_DATA, data);
            int adcP = ((data[0] & 0xFF) << 12) | ((data[1] & 0xFF) << 4) | ((data[2] & 0xFF) >> 4);
            int adcT = ((data[3] & 0xFF) << 12) | ((data[4] & 0xFF) << 4) | ((data[5] & 0xFF) >> 4);
            int adcH = ((data[6] & 0xFF) << 8) | (data[7] & 0xFF);
            if (adcT == SKIPPED_20BIT || adcP == SKIPPED_20BIT || adcH == SKIPPED_16BIT) {
                throw new SensorReadException(sensorId, registers.address(), "no conversion yet (ADC reads skipped)");
            }
            double tFine = calibration.tFine(adcT);
            return new Measurement(tFine / 5120.0, calibration.pressure(adcP, tFine) / 100.0,
                    calibration.humidity(adcH, tFine));
        } catch (IOException e) {
            calibration = null;
            throw new SensorReadException(sensorId, registers.address(), e.getMessage(), e);
        } catch (SensorReadException e) {
            calibration = null;
            throw e;
        }
    }

    private Bme280Calibration initialise() throws IOException, SensorReadException {
        int chipId = registers.read(REG_CHIP_ID);
        if (chipId != CHIP_ID) {
            throw new SensorReadException(sensorId, registers.address(), String.format(
                    "chip id 0x%02x at 0xD0, expected 0x%02x (0x58 would be a BMP280, which has no humidity)",
                    chipId, CHIP_ID));
        }
        registers.write(REG_RESET, RESET_COMMAND);
        waitForNvmCopy();
        byte[] tp = new byte[26];
        byte[] h = new byte[7];
        registers.read(REG_CALIB_TP, tp);
        registers.read(REG_CALIB_H, h);
        Bme280Calibration parsed = Bme280Calibration.parse(tp, h);
        // ctrl_hum only takes effect after a write to ctrl_meas, so the order matters.
        registers.write(REG_CTRL_HUM, CTRL_HUM_VALUE);
        registers.write(REG_CONFIG, CONFIG_VALUE);
        registers.write(REG_CTRL_MEAS, CTRL_MEAS_VALUE);
        return parsed;
    }

    private void waitForNvmCopy() throws IOException, SensorReadException {
        for (int attempt = 0; attempt < 50; attempt++) {
            if ((registers.read(REG_STATUS) & 0x01) == 0) {
                return;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SensorReadException(sensorId, registers.address(), "interrupted during reset", e);
            }
        }
        throw new SensorReadException(sensorId, registers.address(), "still copying calibration NVM after reset");
    }
}
