package io.fleetdeck.console.fleet.ui;

import io.fleetdeck.console.fleet.DeviceSnapshot;
import javafx.scene.Node;

/** Builds the detail pane for a selected device; closing it releases its live subscription. */
public interface DeviceDetailFactory {
    DetailPane open(DeviceSnapshot device);

    /** A shown detail pane. */
    interface DetailPane extends AutoCloseable {
        Node node();

        @Override
        void close();
    }
}
