package io.fleetdeck.console.fleet;

import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
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
        Label install = bound("tile-install", model.installProperty());
        install.setWrapText(true);
        install.managedProperty().bind(install.textProperty().isNotEmpty());
        install.visibleProperty().bind(install.managedProperty());
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
                install,
                network,
                trustRow,
                warning,
                notice);

        model.presenceProperty().addListener((obs, old, now) -> showPresence(now));
        showPresence(model.presenceProperty().get());
        model.warningProperty().addListener((obs, old, now) -> pseudoClassStateChanged(WARNING, !now.isEmpty()));
        pseudoClassStateChanged(WARNING, !model.warningProperty().get().isEmpty());
        model.selectedProperty().addListener((obs, old, now) -> pseudoClassStateChanged(SELECTED, now));
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
