package io.fleetdeck.daemon.hardware;

import io.fleetdeck.daemon.sensors.Sensor;
import io.fleetdeck.daemon.sensors.SensorReadException;
import io.fleetdeck.model.SensorDescriptor;

import java.util.List;
import java.util.Objects;

/** One quantity of a shared {@link Bme280}, so temperature, pressure and humidity keep their own ids and periods. */
public final class Bme280Sensor implements Sensor {
    /** What a facade reports. */
    public enum Quantity {
        TEMPERATURE("temperature", "°C", "temperature"),
        PRESSURE("pressure", "hPa", "pressure"),
        HUMIDITY("humidity", "%", "humidity");

        private final String kind;
        private final String unit;
        private final String label;

        Quantity(String kind, String unit, String label) {
            this.kind = kind;
            this.unit = unit;
            this.label = label;
        }
    }

    private final Bme280 chip;
    private final Quantity quantity;
    private final SensorDescriptor descriptor;

    public Bme280Sensor(Bme280 chip, Quantity quantity, String idPrefix, long periodMs) {
        this.chip = Objects.requireNonNull(chip, "chip");
        this.quantity = Objects.requireNonNull(quantity, "quantity");
        this.descriptor = new SensorDescriptor(idPrefix + "-" + quantity.kind, quantity.kind, quantity.unit,
                "BME280 " + quantity.label, periodMs);
    }

    /** The three facades of one chip, ids {@code <idPrefix>-temperature} etc. */
    public static List<Sensor> all(Bme280 chip, String idPrefix, long periodMs) {
        return List.of(new Bme280Sensor(chip, Quantity.TEMPERATURE, idPrefix, periodMs),
                new Bme280Sensor(chip, Quantity.PRESSURE, idPrefix, periodMs),
                new Bme280Sensor(chip, Quantity.HUMIDITY, idPrefix, periodMs));
    }

    @Override
    public SensorDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public double read() throws SensorReadException {
        Bme280.Measurement m = chip.measure();
        return switch (quantity) {
            case TEMPERATURE -> m.temperatureC();
            case PRESSURE -> m.pressureHpa();
            case HUMIDITY -> m.humidityPercent();
        };
    }
}
