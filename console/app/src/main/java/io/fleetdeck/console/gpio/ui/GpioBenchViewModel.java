package io.fleetdeck.console.gpio.ui;

import io.fleetdeck.console.gpio.GpioBench;
import io.fleetdeck.console.gpio.GpioWriteResult;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.GpioDirection;
import io.fleetdeck.model.GpioPin;
import io.fleetdeck.model.GpioState;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One device's GPIO bench: its pins with their live levels, a toggle for each declared output, and a way to ask for
 * any pin by number. The console never decides what may be driven: it only offers toggles for outputs, and whatever
 * is sent, the device's interlock answers, whose refusal (code and reason) shows here and goes to the audit log.
 * Properties change on the FX thread only ({@code ui}).
 */
public final class GpioBenchViewModel implements AutoCloseable {
    private final DeviceId device;
    private final GpioBench bench;
    private final Executor ui;
    private final ObservableList<GpioPin> pins = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper refused = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper reported = new ReadOnlyBooleanWrapper(false);
    private final StringProperty otherPin = new SimpleStringProperty("");
    private final BooleanProperty sending = new SimpleBooleanProperty(false);
    private final Consumer<DeviceId> changes;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();

    public GpioBenchViewModel(DeviceId device, GpioBench bench, Executor ui) {
        this.device = Objects.requireNonNull(device, "device");
        this.bench = Objects.requireNonNull(bench, "bench");
        this.ui = Objects.requireNonNull(ui, "ui");
        // Called on an MQTT thread: hands on to the FX thread, at most one refresh waiting there however fast a
        // device reports its pins (a flapping input), since each refresh reads the latest state anyway.
        changes = changed -> {
            if (changed.equals(device) && refreshQueued.compareAndSet(false, true)) {
                ui.execute(() -> {
                    refreshQueued.set(false);
                    refresh();
                });
            }
        };
        bench.addListener(changes);
        refresh();
    }

    public DeviceId device() {
        return device;
    }

    /** The pins as the device last reported them, in pin order. */
    public ObservableList<GpioPin> pins() {
        return pins;
    }

    /** Whether the device reported its pins at all. */
    public ReadOnlyBooleanProperty reportedProperty() {
        return reported.getReadOnlyProperty();
    }

    /** The outcome of the last write: done, or refused with the device's code and reason. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Whether {@link #statusProperty()} tells of a refusal. */
    public ReadOnlyBooleanProperty refusedProperty() {
        return refused.getReadOnlyProperty();
    }

    /** The pin number typed for a write to any pin. */
    public StringProperty otherPinProperty() {
        return otherPin;
    }

    /** True while a write waits for its answer. */
    public BooleanProperty sendingProperty() {
        return sending;
    }

    /** Whether the bench offers a toggle for {@code pin}: only for declared outputs. */
    public static boolean toggleable(GpioPin pin) {
        return pin.direction() == GpioDirection.OUTPUT;
    }

    /** Drives an output to the other level. */
    public void toggle(GpioPin pin) {
        send(pin.pin(), !pin.high());
    }

    /** Asks for the pin typed in {@link #otherPinProperty()}, whatever the bench knows of it: the device decides. */
    public void driveOtherPin(boolean high) {
        int pin;
        try {
            pin = Integer.parseInt(otherPin.get().strip());
        } catch (NumberFormatException e) {
            show("\"" + otherPin.get() + "\" is not a pin number (BCM 0.." + GpioPin.MAX_PIN + ")", true);
            return;
        }
        if (pin < 0 || pin > GpioPin.MAX_PIN) {
            show(pin + " is not a pin number (BCM 0.." + GpioPin.MAX_PIN + ")", true);
            return;
        }
        send(pin, high);
    }

    private void send(int pin, boolean high) {
        sending.set(true);
        show("GPIO " + pin + " → " + GpioPin.levelName(high) + ": sent, waiting for the device…", false);
        bench.write(device, pin, high).thenAcceptAsync(this::answered, ui);
    }

    private void answered(GpioWriteResult result) {
        sending.set(false);
        show(result.describe(), !result.carriedOut());
        refresh();
    }

    private void show(String text, boolean refusal) {
        status.set(text);
        refused.set(refusal);
    }

    private void refresh() {
        List<GpioPin> now = bench.state(device).map(GpioState::pins).orElse(List.of());
        reported.set(bench.state(device).isPresent());
        if (!now.equals(pins)) {
            pins.setAll(now);
        }
    }

    @Override
    public void close() {
        bench.removeListener(changes);
    }
}
