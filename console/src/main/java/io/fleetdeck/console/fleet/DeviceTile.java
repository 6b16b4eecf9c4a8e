package io.fleetdeck.console.fleet;

import javafx.css.PseudoClass;
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

    private final DeviceTileViewModel model;

    DeviceTile(DeviceTileViewModel model) {
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

        getChildren().addAll(header,
                bound("tile-subtitle", model.subtitleProperty()),
                bound("tile-reading-label", model.readingLabelProperty()),
                bound("tile-reading", model.readingProperty()),
                new Sparkline(196, 34, model.sparklineProperty()),
                bound("tile-firmware", model.firmwareProperty()),
                bound("tile-last-seen", model.lastSeenProperty()),
                warning);

        model.presenceProperty().addListener((obs, old, now) -> showPresence(now));
        showPresence(model.presenceProperty().get());
        model.warningProperty().addListener((obs, old, now) -> pseudoClassStateChanged(WARNING, !now.isEmpty()));
        pseudoClassStateChanged(WARNING, !model.warningProperty().get().isEmpty());
        model.selectedProperty().addListener((obs, old, now) -> pseudoClassStateChanged(SELECTED, now));
    }

    private void showPresence(PresenceState presence) {
        pseudoClassStateChanged(ONLINE, presence == PresenceState.ONLINE);
        pseudoClassStateChanged(OFFLINE, presence == PresenceState.OFFLINE);
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
