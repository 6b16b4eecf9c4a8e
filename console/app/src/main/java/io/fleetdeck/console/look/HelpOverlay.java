package io.fleetdeck.console.look;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The keyboard help: a card over the window listing every {@link Shortcuts} entry by group, keys beside what they
 * do. Built from the registry each time it opens, so it lists exactly what is bound. A click anywhere, F1 or Esc
 * closes it.
 */
public final class HelpOverlay extends StackPane {
    private final Shortcuts shortcuts;
    private final VBox card = new VBox(10);

    public HelpOverlay(Shortcuts shortcuts) {
        this.shortcuts = shortcuts;
        setId("help-overlay");
        getStyleClass().add("help-overlay");
        card.getStyleClass().add("help-card");
        card.setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
        StackPane.setAlignment(card, Pos.CENTER);
        getChildren().add(card);
        setMinSize(0, 0);
        setVisible(false);
        managedProperty().bind(visibleProperty());
        setOnMouseClicked(event -> hide());
    }

    public void show() {
        Label title = new Label("Keyboard shortcuts");
        title.getStyleClass().add("help-title");
        GridPane grid = new GridPane();
        grid.getStyleClass().add("help-grid");
        grid.setHgap(18);
        grid.setVgap(5);
        int row = 0;
        String group = null;
        for (Shortcut shortcut : shortcuts.all()) {
            if (!shortcut.group().equals(group)) {
                group = shortcut.group();
                Label heading = new Label(group);
                heading.getStyleClass().add("help-group");
                grid.add(heading, 0, row++, 2, 1);
            }
            Label keys = new Label(shortcut.keyText());
            keys.setId("help-keys-" + shortcut.id());
            keys.getStyleClass().add("help-keys");
            Label what = new Label(shortcut.description());
            what.setId("help-text-" + shortcut.id());
            what.getStyleClass().add("help-description");
            grid.add(keys, 0, row);
            grid.add(what, 1, row++);
        }
        Label close = new Label("F1 or Esc closes this help");
        close.getStyleClass().add("help-footer");
        card.getChildren().setAll(title, grid, close);
        setVisible(true);
    }

    public void hide() {
        setVisible(false);
    }

    public void toggle() {
        if (isVisible()) {
            hide();
        } else {
            show();
        }
    }
}
