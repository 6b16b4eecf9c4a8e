package io.fleetdeck.daemon.hardware;

import io.fleetdeck.daemon.sensors.Sensor;
import io.fleetdeck.daemon.sensors.SensorReadException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The BME280 register protocol against a register-map double of the I²C boundary (Pi4J's mock I²C keeps a FIFO per
 * register, so a burst read across 0x88..0xA1 cannot be preloaded there). Temperature and pressure are checked
 * against the Bosch datasheet's worked example (BMP280 datasheet §3.12: same formulas and trimming layout); humidity
 * against Bosch's integer reference implementation, written out independently below.
 */
class Bme280Test {
    // Bosch datasheet example trimming values and raw readings.
    static final int T1 = 27504, T2 = 26435, T3 = -1000;
    static final int P1 = 36477, P2 = -10685, P3 = 3024, P4 = 2855, P5 = 140, P6 = -7, P7 = 15500, P8 = -14600,
            P9 = 6000;
    static final int ADC_T = 519888, ADC_P = 415148;
    // Typical humidity trimming of a production part.
    static final int H1 = 75, H2 = 370, H3 = 0, H4 = 309, H5 = 50, H6 = 30;
    static final int ADC_H = 30000;

    /** 256 registers; writes are recorded in order. */
    static final class RegisterMap implements I2cRegisters {
        final int[] registers = new int[256];
        final List<int[]> writes = new ArrayList<>();
        boolean failing;

        @Override
        public int read(int register) throws IOException {
            check();
            return registers[register];
        }

        @Override
        public void read(int register, byte[] into) throws IOException {
            check();
            for (int i = 0; i < into.length; i++) {
                into[i] = (byte) registers[register + i];
            }
        }

        @Override
        public void write(int register, int value) throws IOException {
            check();
            writes.add(new int[]{register, value & 0xFF});
        }

        @Override
        public String address() {
            return "i2c-1@0x76";
        }

        private void check() throws IOException {
            if (failing) {
                throw new IOException("Remote I/O error");
            }
        }

        void u16(int register, int value) {
            registers[register] = value & 0xFF;
            registers[register + 1] = (value >> 8) & 0xFF;
        }

        void raw20(int register, int value) {
            registers[register] = (value >> 12) & 0xFF;
            registers[register + 1] = (value >> 4) & 0xFF;
            registers[register + 2] = (value & 0x0F) << 4;
        }
    }

    static RegisterMap datasheetChip() {
        RegisterMap map = new RegisterMap();
        map.registers[0xD0] = 0x60;
        int[] tp = {T1, T2, T3, P1, P2, P3, P4, P5, P6, P7, P8, P9};
        for (int i = 0; i < tp.length; i++) {
            map.u16(0x88 + 2 * i, tp[i]);
        }
        map.registers[0xA1] = H1;
        map.u16(0xE1, H2);
        map.registers[0xE3] = H3;
        map.registers[0xE4] = (H4 >> 4) & 0xFF;
        map.registers[0xE5] = (H4 & 0x0F) | ((H5 & 0x0F) << 4);
        map.registers[0xE6] = (H5 >> 4) & 0xFF;
        map.registers[0xE7] = H6 & 0xFF;
        map.raw20(0xF7, ADC_P);
        map.raw20(0xFA, ADC_T);
        map.registers[0xFD] = (ADC_H >> 8) & 0xFF;
        map.registers[0xFE] = ADC_H & 0xFF;
        return map;
    }

    @Test
    void parsesTheDatasheetTrimmingFromRegisters() throws Exception {
        RegisterMap map = datasheetChip();
        byte[] tp = new byte[26];
        byte[] h = new byte[7];
        map.read(0x88, tp);
        map.read(0xE1, h);
        assertThat(Bme280Calibration.parse(tp, h)).isEqualTo(
                new Bme280Calibration(T1, T2, T3, P1, P2, P3, P4, P5, P6, P7, P8, P9, H1, H2, H3, H4, H5, H6));
    }

    @Test
    void parsesNegativeTwelveBitHumidityTrimming() {
        byte[] h = {0, 0, 0, (byte) 0xFF, (byte) 0xF0 | 0x0E, (byte) 0xFF, 0};
        Bme280Calibration c = Bme280Calibration.parse(new byte[26], h);
        assertThat(c.h4()).isEqualTo(-2);
        assertThat(c.h5()).isEqualTo(-1);
    }

    @Test
    void compensatesTheDatasheetExample() throws Exception {
        Bme280.Measurement m = new Bme280(datasheetChip(), "bme280").measure();
        assertThat(m.temperatureC()).isCloseTo(25.08, within(0.01));
        assertThat(m.pressureHpa()).isCloseTo(1006.5327, within(0.01));
        assertThat(m.humidityPercent()).isCloseTo(boschIntegerHumidity(ADC_H, boschIntegerTFine(ADC_T)) / 1024.0,
                within(0.05));
        assertThat(m.humidityPercent()).isBetween(50.0, 65.0);
    }

    @Test
    void integerReferenceAgreesOnTheDatasheetTemperature() {
        int tFine = boschIntegerTFine(ADC_T);
        assertThat(tFine).isEqualTo(128422);
        assertThat((tFine * 5 + 128) >> 8).isEqualTo(2508);
    }

    @Test
    void configuresHumidityBeforeMeasurementControl() throws Exception {
        RegisterMap map = datasheetChip();
        new Bme280(map, "bme280").measure();
        List<Integer> order = map.writes.stream().map(w -> w[0]).toList();
        assertThat(order).containsExactly(0xE0, 0xF2, 0xF5, 0xF4);
        assertThat(map.writes.get(0)[1]).isEqualTo(0xB6);
        assertThat(map.writes.get(1)[1]).isEqualTo(0b001);
        assertThat(map.writes.get(3)[1]).isEqualTo(0b001_001_11);
    }

    @Test
    void refusesAChipThatIsNotABme280() {
        RegisterMap map = datasheetChip();
        map.registers[0xD0] = 0x58;
        assertThatThrownBy(() -> new Bme280(map, "bme280").measure())
                .isInstanceOf(SensorReadException.class)
                .hasMessageContaining("i2c-1@0x76")
                .hasMessageContaining("chip id 0x58 at 0xD0, expected 0x60");
    }

    @Test
    void reinitialisesAfterABusError() throws Exception {
        RegisterMap map = datasheetChip();
        Bme280 chip = new Bme280(map, "bme280");
        chip.measure();
        map.failing = true;
        assertThatThrownBy(chip::measure).isInstanceOf(SensorReadException.class).hasMessageContaining("Remote I/O");
        map.failing = false;
        map.writes.clear();
        assertThat(chip.measure().temperatureC()).isCloseTo(25.08, within(0.01));
        assertThat(map.writes).isNotEmpty();
    }

    @Test
    void facadesReportOneQuantityEach() throws Exception {
        List<Sensor> sensors = Bme280Sensor.all(new Bme280(datasheetChip(), "bme280"), "bme280", 10_000);
        assertThat(sensors).extracting(s -> s.descriptor().id())
                .containsExactly("bme280-temperature", "bme280-pressure", "bme280-humidity");
        assertThat(sensors).extracting(s -> s.descriptor().unit()).containsExactly("°C", "hPa", "%");
        assertThat(sensors.get(1).read()).isCloseTo(1006.53, within(0.01));
    }

    /** Bosch's BME280_compensate_T_int32, t_fine part. */
    static int boschIntegerTFine(int adcT) {
        int var1 = (((adcT >> 3) - (T1 << 1)) * T2) >> 11;
        int var2 = (((((adcT >> 4) - T1) * ((adcT >> 4) - T1)) >> 12) * T3) >> 14;
        return var1 + var2;
    }

    /** Bosch's bme280_compensate_H_int32: %RH in Q22.10. */
    static long boschIntegerHumidity(int adcH, int tFine) {
        int v = tFine - 76800;
        v = (((((adcH << 14) - (H4 << 20) - (H5 * v)) + 16384) >> 15)
                * (((((((v * H6) >> 10) * (((v * H3) >> 11) + 32768)) >> 10) + 2097152) * H2 + 8192) >> 14));
        v = v - (((((v >> 15) * (v >> 15)) >> 7) * H1) >> 4);
        v = Math.max(0, Math.min(419430400, v));
        return v >> 12;
    }
}
