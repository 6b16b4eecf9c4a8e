package io.fleetdeck.console.fleet.ui;

import io.fleetdeck.console.fleet.PresenceState;
import javafx.beans.InvalidationListener;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The card of one device in the fleet overview, showing the texts and sparkline of a {@link DeviceTileViewModel}.
 * The grid reuses cards as the operator scrolls ({@link #show}), so a card exists only for devices on screen. Texts
 * about the device's state and the operator's actions are bound and change at once; the reading, its sparkline and
 * the "online · 5 s ago" clock change all the time and are painted a few cards a pulse ({@link TileRepaints}).
 */
final class DeviceTile extends VBox {
    private static final PseudoClass ONLINE = PseudoClass.getPseudoClass("online");
    private static final PseudoClass OFFLINE = PseudoClass.getPseudoClass("offline");
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    private static final PseudoClass DISCOVERED = PseudoClass.getPseudoClass("discovered");
    private static final PseudoClass DROP_TARGET = PseudoClass.getPseudoClass("drop-target");
    private static final PseudoClass DROP_REFUSED = PseudoClass.getPseudoClass("drop-refused");

    /** A label and the view model text it shows. */
    private record BoundLabel(Label label, Function<DeviceTileViewModel, ObservableValue<String>> text) {
    }

    /** Texts that change with the device's state or the operator's actions: bound, shown the moment they change. */
    private final List<BoundLabel> labels = new ArrayList<>();
    /** Texts that change with every reading or tick of the clock: painted with the sparkline, a few tiles a pulse. */
    private final List<BoundLabel> live = new ArrayList<>();
    private final Button adoptButton = new Button("Adopt");
    private final ProgressBar progress = new ProgressBar();
    private final VBox installBox;
    private final Sparkline sparkline = new Sparkline(196, 34);
    private final InvalidationListener changed = obs -> requestPaint();
    private final ChangeListener<PresenceState> presence = (obs, old, now) -> showPresence(now);
    private final ChangeListener<String> warning = (obs, old, now) -> pseudoClassStateChanged(WARNING, !now.isEmpty());
    private final ChangeListener<Boolean> selected = (obs, old, now) -> pseudoClassStateChanged(SELECTED, now);
    private final ChangeListener<Boolean> dropTarget = (obs, old, now) -> pseudoClassStateChanged(DROP_TARGET, now);
    private final ChangeListener<Boolean> dropRefused = (obs, old, now) -> pseudoClassStateChanged(DROP_REFUSED, now);
    private final ChangeListener<InstallTone> tone = (obs, old, now) -> showTone(now);
    private DeviceTileViewModel model;
    private boolean parked;
    /** Changed while parked: painted when the card is shown again. */
    private boolean stale;
    private TileRepaints repaints;

    /** @param adopt what the tile's Adopt button does for the device it shows */
    DeviceTile(Consumer<DeviceTileViewModel> adopt) {
        getStyleClass().add("device-tile");
        setFocusTraversable(true);

        Region dot = new Region();
        dot.getStyleClass().add("presence-dot");
        HBox header = new HBox(8, dot, bound("tile-title", DeviceTileViewModel::titleProperty));
        header.getStyleClass().add("tile-header");

        Label warningLabel = shownWhenNotEmpty(bound("tile-warning", DeviceTileViewModel::warningProperty));
        warningLabel.setWrapText(true);
        Label notice = shownWhenNotEmpty(bound("tile-notice", DeviceTileViewModel::noticeProperty));
        notice.setWrapText(true);
        adoptButton.getStyleClass().add("tile-adopt");
        adoptButton.setOnAction(event -> adopt.accept(model));
        adoptButton.setMinWidth(Region.USE_PREF_SIZE);
        adoptButton.visibleProperty().bind(adoptButton.managedProperty());
        Label trust = shownWhenNotEmpty(bound("tile-trust", DeviceTileViewModel::trustProperty));
        trust.setMinWidth(0);
        Label install = bound("install-phase", DeviceTileViewModel::installProperty);
        install.setWrapText(true);
        progress.getStyleClass().add("install-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.visibleProperty().bind(progress.managedProperty());
        installBox = new VBox(3, progress, install);
        installBox.getStyleClass().add("tile-install");
        installBox.managedProperty().bind(install.textProperty().isNotEmpty());
        installBox.visibleProperty().bind(installBox.managedProperty());
        Label dropHint = shownWhenNotEmpty(bound("tile-drop-hint", DeviceTileViewModel::dropHintProperty));
        dropHint.setWrapText(true);
        Label network = shownWhenNotEmpty(bound("tile-network", DeviceTileViewModel::networkProperty));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox trustRow = new HBox(6, trust, grow, adoptButton);
        trustRow.getStyleClass().add("tile-trust-row");
        trustRow.managedProperty().bind(trust.managedProperty().or(adoptButton.managedProperty()));
        trustRow.visibleProperty().bind(trustRow.managedProperty());

        getChildren().addAll(header,
                bound("tile-subtitle", DeviceTileViewModel::subtitleProperty),
                painted("tile-reading-label", DeviceTileViewModel::readingLabelProperty),
                painted("tile-reading", DeviceTileViewModel::readingProperty),
                sparkline,
                bound("tile-firmware", DeviceTileViewModel::firmwareProperty),
                painted("tile-last-seen", DeviceTileViewModel::lastSeenProperty),
                installBox,
                network,
                trustRow,
                warningLabel,
                notice,
                dropHint);
    }

    /** Shows {@code next}'s device from now on, or nothing (and no id, so no lookup finds it) when null. */
    void show(DeviceTileViewModel next) {
        if (next == model) {
            return;
        }
        if (model != null) {
            model.presenceProperty().removeListener(presence);
            model.warningProperty().removeListener(warning);
            model.selectedProperty().removeListener(selected);
            model.dropTargetProperty().removeListener(dropTarget);
            model.dropRefusedProperty().removeListener(dropRefused);
            model.installToneProperty().removeListener(tone);
            live.forEach(bound -> bound.text().apply(model).removeListener(changed));
            model.sparklineProperty().removeListener(changed);
        }
        model = next;
        setId(null);
        if (repaints != null) {
            repaints.cancel(this);
        }
        if (next == null) {
            labels.forEach(bound -> bound.label().textProperty().unbind());
            live.forEach(bound -> bound.label().setText(""));
            adoptButton.managedProperty().unbind();
            progress.progressProperty().unbind();
            progress.managedProperty().unbind();
            sparkline.show(null);
            return;
        }
        labels.forEach(bound -> bound.label().textProperty().bind(bound.text().apply(next)));
        live.forEach(bound -> bound.text().apply(next).addListener(changed));
        next.sparklineProperty().addListener(changed);
        paintTexts();
        adoptButton.managedProperty().bind(next.adoptableProperty());
        progress.progressProperty().bind(next.installProgressProperty());
        progress.managedProperty().bind(next.installBarProperty());
        next.presenceProperty().addListener(presence);
        next.warningProperty().addListener(warning);
        next.selectedProperty().addListener(selected);
        next.dropTargetProperty().addListener(dropTarget);
        next.dropRefusedProperty().addListener(dropRefused);
        next.installToneProperty().addListener(tone);
        showPresence(next.presenceProperty().get());
        showTone(next.installToneProperty().get());
        pseudoClassStateChanged(WARNING, !next.warningProperty().get().isEmpty());
        pseudoClassStateChanged(SELECTED, next.selectedProperty().get());
        pseudoClassStateChanged(DROP_TARGET, next.dropTargetProperty().get());
        pseudoClassStateChanged(DROP_REFUSED, next.dropRefusedProperty().get());
        // Last: whoever finds the tile by its device's id finds it showing that device.
        showIdentity();
    }

    /**
     * A parked tile sits in a cell the grid keeps out of sight for reuse: it stays bound (so its row measures
     * right) but paints no reading, clock or sparkline and has no id, so a lookup of a device finds only the tile on
     * screen. What changed while parked is painted when it is shown again.
     */
    void park(boolean park) {
        if (park != parked) {
            parked = park;
            if (!park && stale) {
                paint();
            } else {
                showIdentity();
            }
        }
    }

    /** Paints through {@code queue} from now on, a few tiles a pulse; without one a tile paints at every change. */
    void paintThrough(TileRepaints queue) {
        repaints = queue;
    }

    /** Brings every text and the sparkline up to date with the device shown. FX thread only. */
    void paint() {
        if (model != null) {
            paintTexts();
            showIdentity();
        }
    }

    private void paintTexts() {
        stale = false;
        for (BoundLabel bound : live) {
            bound.label().setText(bound.text().apply(model).getValue());
        }
    }

    private void requestPaint() {
        if (parked) {
            stale = true;
        } else if (repaints != null) {
            repaints.request(this);
        } else {
            paint();
        }
    }

    private void showIdentity() {
        boolean shown = model != null && !parked;
        setId(shown ? "tile-" + model.id().value() : null);
        sparkline.show(shown ? model.sparklineProperty().get() : null);
    }

    /** Colours the install line by pseudo-class, e.g. {@code .tile-install:install-problem}. */
    private void showTone(InstallTone now) {
        for (InstallTone each : InstallTone.values()) {
            installBox.pseudoClassStateChanged(
                    PseudoClass.getPseudoClass("install-" + each.name().toLowerCase(Locale.ROOT)), each == now);
        }
    }

    private void showPresence(PresenceState presence) {
        pseudoClassStateChanged(ONLINE, presence == PresenceState.ONLINE);
        pseudoClassStateChanged(OFFLINE, presence == PresenceState.OFFLINE);
        pseudoClassStateChanged(DISCOVERED, presence == PresenceState.DISCOVERED);
    }

    private Label bound(String styleClass, Function<DeviceTileViewModel, ObservableValue<String>> text) {
        Label label = new Label();
        label.getStyleClass().add(styleClass);
        labels.add(new BoundLabel(label, text));
        return label;
    }

    private Label painted(String styleClass, Function<DeviceTileViewModel, ObservableValue<String>> text) {
        Label label = new Label();
        label.getStyleClass().add(styleClass);
        live.add(new BoundLabel(label, text));
        return label;
    }

    private static Label shownWhenNotEmpty(Label label) {
        label.managedProperty().bind(label.textProperty().isNotEmpty());
        label.visibleProperty().bind(label.managedProperty());
        return label;
    }

    /** The device shown, or null. */
    DeviceTileViewModel model() {
        return model;
    }
}
