package io.fleetdeck.console.fleet.ui;

import io.fleetdeck.console.fleet.PresenceState;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The card of one device in the fleet overview; every text is bound to its {@link DeviceTileViewModel}. */
final class DeviceTile extends VBox {
    private static final PseudoClass ONLINE = PseudoClass.getPseudoClass("online");
    private static final PseudoClass OFFLINE = PseudoClass.getPseudoClass("offline");
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    private static final PseudoClass DISCOVERED = PseudoClass.getPseudoClass("discovered");
    private static final PseudoClass DROP_TARGET = PseudoClass.getPseudoClass("drop-target");
    private static final PseudoClass DROP_REFUSED = PseudoClass.getPseudoClass("drop-refused");

    private final DeviceTileViewModel model;

    DeviceTile(DeviceTileViewModel model, Runnable adopt) {
        this.model = model;
        setId("tile-" + model.id().value());
        getStyleClass().add("device-tile");
        setFocusTraversable(true);

        Region dot = new Region();
        dot.getStyleClass().add("presence-dot");
        Label title = bound("tile-title", model.titleProperty());
        HBox header = new HBox(8, dot, title);
        header.getStyleClass().add("tile-header");

        Label warning = bound("tile-warning", model.warningProperty());
        warning.setWrapText(true);
        warning.managedProperty().bind(warning.textProperty().isNotEmpty());
        warning.visibleProperty().bind(warning.managedProperty());

        Label notice = bound("tile-notice", model.noticeProperty());
        notice.setWrapText(true);
        notice.managedProperty().bind(notice.textProperty().isNotEmpty());
        notice.visibleProperty().bind(notice.managedProperty());
        Button adoptButton = new Button("Adopt");
        adoptButton.getStyleClass().add("tile-adopt");
        adoptButton.setOnAction(event -> adopt.run());
        adoptButton.setMinWidth(Region.USE_PREF_SIZE);
        adoptButton.managedProperty().bind(model.adoptableProperty());
        adoptButton.visibleProperty().bind(model.adoptableProperty());
        Label trust = bound("tile-trust", model.trustProperty());
        trust.setMinWidth(0);
        trust.managedProperty().bind(trust.textProperty().isNotEmpty());
        trust.visibleProperty().bind(trust.managedProperty());
        Label install = bound("install-phase", model.installProperty());
        install.setWrapText(true);
        ProgressBar progress = new ProgressBar();
        progress.getStyleClass().add("install-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(model.installProgressProperty());
        progress.managedProperty().bind(model.installBarProperty());
        progress.visibleProperty().bind(progress.managedProperty());
        VBox installBox = new VBox(3, progress, install);
        installBox.getStyleClass().add("tile-install");
        installBox.managedProperty().bind(install.textProperty().isNotEmpty());
        installBox.visibleProperty().bind(installBox.managedProperty());
        model.installToneProperty().addListener((obs, old, now) -> showTone(installBox, old, now));
        showTone(installBox, null, model.installToneProperty().get());
        Label dropHint = bound("tile-drop-hint", model.dropHintProperty());
        dropHint.setWrapText(true);
        dropHint.managedProperty().bind(dropHint.textProperty().isNotEmpty());
        dropHint.visibleProperty().bind(dropHint.managedProperty());
        Label network = bound("tile-network", model.networkProperty());
        network.managedProperty().bind(network.textProperty().isNotEmpty());
        network.visibleProperty().bind(network.managedProperty());
        Region grow = new Region();
        HBox.setHgrow(grow, javafx.scene.layout.Priority.ALWAYS);
        HBox trustRow = new HBox(6, trust, grow, adoptButton);
        trustRow.getStyleClass().add("tile-trust-row");
        trustRow.managedProperty().bind(trust.managedProperty().or(adoptButton.managedProperty()));
        trustRow.visibleProperty().bind(trustRow.managedProperty());

        getChildren().addAll(header,
                bound("tile-subtitle", model.subtitleProperty()),
                bound("tile-reading-label", model.readingLabelProperty()),
                bound("tile-reading", model.readingProperty()),
                new Sparkline(196, 34, model.sparklineProperty()),
                bound("tile-firmware", model.firmwareProperty()),
                bound("tile-last-seen", model.lastSeenProperty()),
                installBox,
                network,
                trustRow,
                warning,
                notice,
                dropHint);

        model.presenceProperty().addListener((obs, old, now) -> showPresence(now));
        showPresence(model.presenceProperty().get());
        model.warningProperty().addListener((obs, old, now) -> pseudoClassStateChanged(WARNING, !now.isEmpty()));
        pseudoClassStateChanged(WARNING, !model.warningProperty().get().isEmpty());
        model.selectedProperty().addListener((obs, old, now) -> pseudoClassStateChanged(SELECTED, now));
        pseudoClassStateChanged(SELECTED, model.selectedProperty().get());
        model.dropTargetProperty().addListener((obs, old, now) -> pseudoClassStateChanged(DROP_TARGET, now));
        model.dropRefusedProperty().addListener((obs, old, now) -> pseudoClassStateChanged(DROP_REFUSED, now));
    }

    /** Colours the install line by pseudo-class, e.g. {@code .tile-install:install-problem}. */
    private static void showTone(VBox installBox, InstallTone old, InstallTone now) {
        if (old != null) {
            installBox.pseudoClassStateChanged(tone(old), false);
        }
        installBox.pseudoClassStateChanged(tone(now), true);
    }

    private static PseudoClass tone(InstallTone tone) {
        return PseudoClass.getPseudoClass("install-" + tone.name().toLowerCase(java.util.Locale.ROOT));
    }

    private void showPresence(PresenceState presence) {
        pseudoClassStateChanged(ONLINE, presence == PresenceState.ONLINE);
        pseudoClassStateChanged(OFFLINE, presence == PresenceState.OFFLINE);
        pseudoClassStateChanged(DISCOVERED, presence == PresenceState.DISCOVERED);
    }

    private static Label bound(String styleClass, javafx.beans.value.ObservableValue<String> text) {
        Label label = new Label();
        label.getStyleClass().add(styleClass);
        label.textProperty().bind(text);
        return label;
    }

    DeviceTileViewModel model() {
        return model;
    }
}
