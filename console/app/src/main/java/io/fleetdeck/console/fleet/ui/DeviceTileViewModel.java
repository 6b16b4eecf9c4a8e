package io.fleetdeck.console.fleet.ui;

import io.fleetdeck.console.fleet.DeviceDiscovery;
import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.PresenceState;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.rollout.ui.TileMark;
import io.fleetdeck.model.DeviceEvent;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.SensorDescriptor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Optional;
import java.util.regex.Pattern;

/** What one device tile shows; updated from {@link DeviceSnapshot}s on the FX thread, once per refresh. */
public final class DeviceTileViewModel {
    /** How long a device may be on mDNS without MQTT before the tile suggests a cause. */
    static final long NO_MQTT_PATIENCE_MS = 15_000;
    /** Compiled once: a hundred tiles are updated every tenth of a second with a thousand devices reporting. */
    private static final Pattern REVISION = Pattern.compile(" Rev [0-9.]+$");
    private static final Pattern TRAILING_DOT = Pattern.compile("\\.$");
    private final DeviceId id;
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper subtitle = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper firmware = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper reading = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper readingLabel = new ReadOnlyStringWrapper();
    private final ReadOnlyObjectWrapper<LastReading> lastReading = new ReadOnlyObjectWrapper<>(LastReading.NONE);
    private final ReadOnlyStringWrapper firmwareVersion = new ReadOnlyStringWrapper("");
    private final StringProperty group = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper lastSeen = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper warning = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper network = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper install = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper installBar = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper installProgress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyObjectWrapper<InstallTone> installTone = new ReadOnlyObjectWrapper<>(InstallTone.NONE);
    private final BooleanProperty dropTarget = new SimpleBooleanProperty();
    private final BooleanProperty dropRefused = new SimpleBooleanProperty();
    private final StringProperty dropHint = new SimpleStringProperty("");
    private Optional<TileMark> mark = Optional.empty();
    private Optional<RolloutJob> job = Optional.empty();
    private final ReadOnlyStringWrapper trust = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final BooleanProperty adoptable = new SimpleBooleanProperty();
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
        lastReading.set(next.lastReading().map(r -> new LastReading(readingLabel.get() + " " + reading.get(),
                r.value())).orElse(LastReading.NONE));
        firmwareVersion.set(next.info().map(info -> info.firmwareVersion()).orElse(""));
        presence.set(next.presence());
        showInstall();
        network.set(next.discovery().map(d -> TRAILING_DOT.matcher(d.hostname()).replaceAll("")
                + (d.addresses().isEmpty() ? "" : " · " + String.join(", ", d.addresses()))
                + (d.present() ? "" : " (gone from mDNS)")).orElse(""));
        trust.set(next.pinnedKey().map(key -> "adopted · key " + key.shortForm() + "…")
                .orElse(next.announcedKey().map(key -> "not adopted · key " + key.shortForm() + "…").orElse("")));
        adoptable.set(!next.adopted() && next.keyConflict().isEmpty()
                && next.discovery().filter(DeviceDiscovery::present).isPresent());
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
            case DISCOVERED -> "discovered on the network · not on MQTT yet";
        });
        warning.set(warningText(snapshot, nowMs));
    }

    private static String warningText(DeviceSnapshot snapshot, long nowMs) {
        StringBuilder text = new StringBuilder();
        snapshot.keyConflict().ifPresent(conflict -> text.append("⚠ ").append(conflict).append('\n'));
        snapshot.discovery().filter(d -> !snapshot.mqttSeen() && nowMs - d.firstSeenMs() > NO_MQTT_PATIENCE_MS)
                .ifPresent(d -> text.append("⚠ seen on mDNS ").append(RelativeTime.ago(d.firstSeenMs(), nowMs)
                        .replace(" ago", "")).append(" but never on MQTT: wrong broker, or a firewall between them?\n"));
        if (snapshot.rejected() > 0) {
            text.append("⚠ ").append(snapshot.rejected()).append(" rejected: ")
                    .append(snapshot.lastRejection().orElse(""));
        }
        if (snapshot.lastEvent().isPresent()) {
            DeviceEvent event = snapshot.lastEvent().get();
            if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
                text.append('\n');
            }
            text.append("⚠ ").append(event.type()).append(": ").append(event.message());
        }
        return text.toString().strip();
    }

    private static String shortModel(String model) {
        return REVISION.matcher(model.replace("Raspberry Pi", "RPi")).replaceAll("");
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

    /** The newest reading as the device table shows and sorts it. */
    public ReadOnlyObjectProperty<LastReading> lastReadingProperty() {
        return lastReading.getReadOnlyProperty();
    }

    /** The firmware version alone, empty until the device sent its info. */
    public ReadOnlyStringProperty firmwareVersionProperty() {
        return firmwareVersion.getReadOnlyProperty();
    }

    /**
     * The device's group, empty until device groups exist (issue #11, item 2): whoever assigns groups sets it here,
     * and the device table's Group column shows and sorts it.
     */
    public StringProperty groupProperty() {
        return group;
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

    /**
     * The install line: pre-flight's word ("Checking image…", a refusal) or the newest job's phase, e.g.
     * "Downloading 2.0.0 · 41 % · 3.2 MB/s"; empty when there is nothing to say.
     */
    public ReadOnlyStringProperty installProperty() {
        return install.getReadOnlyProperty();
    }

    /** Whether the install line has a progress bar. */
    public ReadOnlyBooleanProperty installBarProperty() {
        return installBar.getReadOnlyProperty();
    }

    /** The bar's progress 0..1, or -1 when indeterminate (phases that do not count bytes). */
    public ReadOnlyDoubleProperty installProgressProperty() {
        return installProgress.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<InstallTone> installToneProperty() {
        return installTone.getReadOnlyProperty();
    }

    /** True while something droppable is dragged over this tile or over a selection it belongs to. */
    public BooleanProperty dropTargetProperty() {
        return dropTarget;
    }

    /** True while something this tile cannot take is dragged over it. */
    public BooleanProperty dropRefusedProperty() {
        return dropRefused;
    }

    /** While dragging: what a drop would do, or why it would not be taken. */
    public StringProperty dropHintProperty() {
        return dropHint;
    }

    /** Host name and addresses from mDNS, empty when never discovered. */
    public ReadOnlyStringProperty networkProperty() {
        return network.getReadOnlyProperty();
    }

    /** Whether the device is adopted, and the key it is known by. */
    public ReadOnlyStringProperty trustProperty() {
        return trust.getReadOnlyProperty();
    }

    /** The outcome of the operator's last action on this tile, e.g. why adoption failed. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** What pre-flight said about this device, until its next job; empty to forget it. FX thread only. */
    void setMark(Optional<TileMark> next) {
        if (!next.equals(mark)) {
            mark = next;
            showInstall();
        }
    }

    Optional<TileMark> mark() {
        return mark;
    }

    /** The device's newest rollout job. FX thread only. */
    void setJob(Optional<RolloutJob> next) {
        if (!next.equals(job)) {
            job = next;
            showInstall();
        }
    }

    private void showInstall() {
        InstallLine line = InstallLine.of(mark, job, snapshot);
        installBar.set(line.bar());
        installProgress.set(line.progress());
        installTone.set(line.tone());
        // Last, so whoever waits for the text finds the bar and the colour already set.
        install.set(line.text());
    }

    void setNotice(String text) {
        notice.set(text);
    }

    /** True when the device announces a key that could be pinned now. */
    public BooleanProperty adoptableProperty() {
        return adoptable;
    }

    public ObjectProperty<double[]> sparklineProperty() {
        return sparkline;
    }

    public BooleanProperty selectedProperty() {
        return selected;
    }
}
