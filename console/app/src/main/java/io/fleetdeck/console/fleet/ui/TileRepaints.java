package io.fleetdeck.console.fleet.ui;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Tiles whose device changed, painted a few per pulse, oldest request first. Devices that sample on the second report
 * in the same instant, and painting all their tiles in one frame changed 10-20 labels and sparklines at once (traced
 * in the 1,000-device benchmark): the renderer tracks at most six changed rectangles a frame and merges the rest into
 * larger ones, so such a frame repainted most of the grid, and the next pulse waited for it. Two tiles a pulse paint
 * 120 tiles a second; a tile waits a few frames at most. FX thread only.
 */
final class TileRepaints {
    /** Tiles painted per pulse: two tiles' readings and sparklines, with the status bar and a chart, stay about six. */
    static final int PER_PULSE = 2;
    private final Set<DeviceTile> due = new LinkedHashSet<>();
    private final Runnable paint = this::paintSome;
    private Scene scene;

    /** Paints in the pulses of whatever scene {@code owner} is in. */
    TileRepaints(Node owner) {
        owner.sceneProperty().addListener((obs, old, now) -> {
            if (old != null) {
                old.removePreLayoutPulseListener(paint);
            }
            if (now != null) {
                // Before CSS and layout, after the animation timers that refresh the view models: a change made in
                // a pulse is painted in the same pulse while the budget lasts.
                now.addPreLayoutPulseListener(paint);
            }
            scene = now;
        });
    }

    /** Paints {@code tile} in one of the next pulses; asking twice before then paints it once. */
    void request(DeviceTile tile) {
        if (scene == null) {
            tile.paint();
        } else if (due.add(tile)) {
            Platform.requestNextPulse();
        }
    }

    /** Forgets a request: the tile was just painted whole, or shows nothing now. */
    void cancel(DeviceTile tile) {
        due.remove(tile);
    }

    /** Tiles waiting to be painted. */
    int waiting() {
        return due.size();
    }

    private void paintSome() {
        Iterator<DeviceTile> next = due.iterator();
        for (int i = 0; i < PER_PULSE && next.hasNext(); i++) {
            DeviceTile tile = next.next();
            next.remove();
            tile.paint();
        }
        if (!due.isEmpty()) {
            Platform.requestNextPulse();
        }
    }
}
