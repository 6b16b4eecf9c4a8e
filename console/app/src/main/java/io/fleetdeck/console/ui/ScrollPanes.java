package io.fleetdeck.console.ui;

import javafx.scene.Node;
import javafx.scene.control.ScrollPane;

/** Scroll panes that draw their content directly. */
public final class ScrollPanes {
    private ScrollPanes() {
    }

    /**
     * Turns off the image cache JavaFX's scroll pane skin puts on its viewport. A cached viewport is drawn into an
     * off-screen image first, and any change inside it (a chart's new point, a row's text) draws the whole viewport
     * again: with software rendering, a viewport of charts redrawn that way took 28-114 ms of the render thread a
     * frame in the 1,000-device benchmark, and the next pulse waits for it. Call before or after the skin exists.
     */
    public static ScrollPane drawnDirectly(ScrollPane scroll) {
        scroll.skinProperty().addListener((obs, old, skin) -> viewportCacheOff(scroll));
        viewportCacheOff(scroll);
        return scroll;
    }

    private static void viewportCacheOff(ScrollPane scroll) {
        for (Node child : scroll.getChildrenUnmodifiable()) {
            if (child.getStyleClass().contains("viewport")) {
                child.setCache(false);
            }
        }
    }
}
