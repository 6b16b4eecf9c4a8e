package io.fleetdeck.console.fleet.ui;

import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceStatus;
import io.fleetdeck.model.Presence;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Six tiles whose devices change in the same instant are painted two a pulse, oldest first, and every one of them
 * ends up showing its device as it is; a tile asked twice before its turn is painted once.
 */
@ExtendWith(ApplicationExtension.class)
class TileRepaintsTest {
    private static final long START = 1_000_000_000_000L;
    private final List<DeviceTile> tiles = new ArrayList<>();
    private final List<DeviceTileViewModel> models = new ArrayList<>();
    private final List<Integer> upToDateAfterEachPulse = new CopyOnWriteArrayList<>();
    private TileRepaints repaints;

    @Start
    void start(Stage stage) {
        FleetRegistry registry = new FleetRegistry();
        VBox box = new VBox();
        repaints = new TileRepaints(box);
        for (int i = 0; i < 6; i++) {
            DeviceId id = DeviceId.of("pi-" + i);
            registry.recordStatus(id, new DeviceStatus(Presence.ONLINE, 1), START);
            DeviceTileViewModel model = new DeviceTileViewModel(registry.device(id).orElseThrow(), START);
            DeviceTile tile = new DeviceTile(device -> { });
            tile.paintThrough(repaints);
            tile.show(model);
            models.add(model);
            tiles.add(tile);
            box.getChildren().add(tile);
        }
        Scene scene = new Scene(box, 400, 900);
        scene.addPostLayoutPulseListener(() -> upToDateAfterEachPulse.add(upToDate()));
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void tilesChangedTogetherArePaintedTwoAPulse(FxRobot robot) throws Exception {
        int[] right = WaitForAsyncUtils.asyncFx(() -> {
            int before = upToDate();
            // Ten minutes later every tile's "online · …" text changes at once; the first tile changes twice.
            models.forEach(model -> model.tick(START + 600_000));
            models.getFirst().tick(START + 660_000);
            upToDateAfterEachPulse.clear();
            return new int[] {before, upToDate(), repaints.waiting()};
        }).get(10, TimeUnit.SECONDS);
        assertThat(right[0]).as("tiles painted at first").isEqualTo(6);
        assertThat(right[1]).as("tiles painted at once when their devices change").isZero();
        assertThat(right[2]).as("tiles waiting, the one asked twice counted once").isEqualTo(6);

        io.fleetdeck.console.ui.FxWait.until("every tile is painted", java.time.Duration.ofSeconds(10),
                () -> upToDate() == 6 && repaints.waiting() == 0);
        List<Integer> seen = List.copyOf(upToDateAfterEachPulse);
        int previous = 0;
        for (int count : seen) {
            assertThat(count - previous).as("tiles painted in one pulse, pulse by pulse: " + seen)
                    .isLessThanOrEqualTo(TileRepaints.PER_PULSE);
            previous = count;
        }
        assertThat(text(tiles.getFirst())).endsWith("11 min ago");
    }

    /** Tiles whose last-seen text is their device's text now. */
    private int upToDate() {
        int count = 0;
        for (int i = 0; i < tiles.size(); i++) {
            if (text(tiles.get(i)).equals(models.get(i).lastSeenProperty().get())) {
                count++;
            }
        }
        return count;
    }

    private static String text(DeviceTile tile) {
        return ((Label) tile.lookup(".tile-last-seen")).getText();
    }
}
