package io.fleetdeck.console.record.ui;

import io.fleetdeck.console.record.SensorRef;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/** A sensor the operator may put into a session record, ticked or not. FX thread only. */
public final class SensorChoice {
    private final SensorRef sensor;
    private final String text;
    private final BooleanProperty chosen = new SimpleBooleanProperty(true);

    SensorChoice(SensorRef sensor, String label) {
        this.sensor = sensor;
        this.text = sensor.device().value() + " · " + label;
    }

    public SensorRef sensor() {
        return sensor;
    }

    public BooleanProperty chosenProperty() {
        return chosen;
    }

    @Override
    public String toString() {
        return text;
    }
}
