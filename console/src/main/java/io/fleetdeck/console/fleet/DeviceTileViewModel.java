package io.fleetdeck.console.fleet;

import io.fleetdeck.model.DeviceEvent;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.SensorDescriptor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

/** What one device tile shows; updated from {@link DeviceSnapshot}s on the FX thread, once per refresh. */
public final class DeviceTileViewModel {
    private final DeviceId id;
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper subtitle = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper firmware = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper reading = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper readingLabel = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper lastSeen = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper warning = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<PresenceState> presence = new ReadOnlyObjectWrapper<>(PresenceState.UNKNOWN);
    private final ObjectProperty<double[]> sparkline = new SimpleObjectProperty<>(new double[0]);
    private final BooleanProperty selected = new SimpleBooleanProperty();
    private DeviceSnapshot snapshot;

    public DeviceTileViewModel(DeviceSnapshot snapshot, long nowMs) {
        this.id = snapshot.id();
        update(snapshot, nowMs);
    }

    void update(DeviceSnapshot next, long nowMs) {
        boolean sparkChanged = snapshot == null || snapshot.readings() != next.readings();
        snapshot = next;
        title.set(next.displayName());
        subtitle.set(next.info().map(info -> id.value() + " · " + shortModel(info.model())).orElse(id.value()));
        firmware.set(next.info().map(info -> "fw " + info.firmwareVersion() + " · slot " + info.activeSlot())
                .orElse("waiting for device info"));
        SensorDescriptor sensor = next.lastReading()
                .flatMap(r -> next.info().map(info -> info.sensor(r.sensor()))).orElse(null);
        reading.set(next.lastReading().map(r -> ReadingFormat.value(r.value(), sensor == null ? "" : sensor.unit()))
                .orElse("no readings yet"));
        readingLabel.set(next.lastReading().map(r -> sensor == null ? r.sensor() : sensor.label()).orElse(""));
        presence.set(next.presence());
        warning.set(warningText(next));
        if (sparkChanged) {
            sparkline.set(next.sparkline());
        }
        tick(nowMs);
    }

    /** Refreshes the texts that change with the clock alone. */
    void tick(long nowMs) {
        String ago = RelativeTime.ago(snapshot.lastSeenMs(), nowMs);
        lastSeen.set(switch (snapshot.presence()) {
            case ONLINE -> "online · " + ago;
            case OFFLINE -> "offline · last seen " + ago;
            case UNKNOWN -> "status unknown · " + ago;
        });
    }

    private static String warningText(DeviceSnapshot snapshot) {
        StringBuilder text = new StringBuilder();
        if (snapshot.rejected() > 0) {
            text.append("⚠ ").append(snapshot.rejected()).append(" rejected: ")
                    .append(snapshot.lastRejection().orElse(""));
        }
        if (snapshot.lastEvent().isPresent()) {
            DeviceEvent event = snapshot.lastEvent().get();
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append("⚠ ").append(event.type()).append(": ").append(event.message());
        }
        return text.toString();
    }

    private static String shortModel(String model) {
        return model.replace("Raspberry Pi", "RPi").replaceAll(" Rev [0-9.]+$", "");
    }

    public DeviceId id() {
        return id;
    }

    public DeviceSnapshot snapshot() {
        return snapshot;
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty subtitleProperty() {
        return subtitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty firmwareProperty() {
        return firmware.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty readingProperty() {
        return reading.getReadOnlyProperty();
    }

    /** The name of the sensor whose value {@link #readingProperty()} shows. */
    public ReadOnlyStringProperty readingLabelProperty() {
        return readingLabel.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lastSeenProperty() {
        return lastSeen.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty warningProperty() {
        return warning.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<PresenceState> presenceProperty() {
        return presence.getReadOnlyProperty();
    }

    public ObjectProperty<double[]> sparklineProperty() {
        return sparkline;
    }

    public BooleanProperty selectedProperty() {
        return selected;
    }
}
