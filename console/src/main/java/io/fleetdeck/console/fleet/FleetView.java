package io.fleetdeck.console.fleet;

import javafx.animation.AnimationTimer;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.StackPane;
import javafx.css.PseudoClass;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Controller of {@code FleetView.fxml}: tiles on the left, the selected device's charts on the right, the console's
 * health below. Its pulse timer is the only place fleet changes reach the scene.
 */
public final class FleetView {
    private static final PseudoClass PROBLEM = PseudoClass.getPseudoClass("problem");
    /** Tiles are text; ten refreshes a second is as fast as anyone reads. */
    private static final long REFRESH_NANOS = 100_000_000L;

    private final FleetViewModel viewModel;
    private final DeviceDetailFactory details;
    private final Map<DeviceTileViewModel, DeviceTile> tiles = new HashMap<>();
    private DeviceDetailFactory.DetailPane openDetail;
    private AnimationTimer pulse;

    @FXML private Label summaryLabel;
    @FXML private TextField filterField;
    @FXML private FlowPane tilePane;
    @FXML private StackPane detailPane;
    @FXML private Label detailPlaceholder;
    @FXML private Label brokerLabel;
    @FXML private Label historyLabel;

    private FleetView(FleetViewModel viewModel, DeviceDetailFactory details) {
        this.viewModel = viewModel;
        this.details = details;
    }

    /** Loads the FXML and returns its root, with the pulse timer running. */
    public static Parent load(FleetViewModel viewModel, DeviceDetailFactory details) {
        FXMLLoader loader = new FXMLLoader(FleetView.class.getResource("FleetView.fxml"));
        loader.setControllerFactory(type -> new FleetView(viewModel, details));
        try {
            Parent root = loader.load();
            root.getProperties().put(FleetView.class, loader.getController());
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("FleetView.fxml is missing from the application", e);
        }
    }

    @FXML
    private void initialize() {
        summaryLabel.textProperty().bind(viewModel.fleetSummaryProperty());
        brokerLabel.textProperty().bind(viewModel.brokerTextProperty());
        historyLabel.textProperty().bind(viewModel.historyTextProperty());
        viewModel.brokerOkProperty().addListener((obs, old, ok) -> brokerLabel.pseudoClassStateChanged(PROBLEM, !ok));
        viewModel.historyOkProperty().addListener((obs, old, ok) -> historyLabel.pseudoClassStateChanged(PROBLEM, !ok));
        filterField.textProperty().bindBidirectional(viewModel.filterProperty());

        viewModel.visibleTiles().addListener((ListChangeListener<DeviceTileViewModel>) change -> layoutTiles());
        viewModel.selectedProperty().addListener((obs, old, now) -> showDetail(now));
        layoutTiles();
        // Typing should not start in the filter just because it is the first focusable control.
        tilePane.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                javafx.application.Platform.runLater(tilePane::requestFocus);
            }
        });

        pulse = new AnimationTimer() {
            private long last;

            @Override
            public void handle(long now) {
                if (now - last >= REFRESH_NANOS) {
                    last = now;
                    viewModel.refresh(System.currentTimeMillis());
                }
            }
        };
        pulse.start();
    }

    private void layoutTiles() {
        var nodes = new java.util.ArrayList<DeviceTile>(viewModel.visibleTiles().size());
        for (DeviceTileViewModel model : viewModel.visibleTiles()) {
            nodes.add(tiles.computeIfAbsent(model, this::createTile));
        }
        tilePane.getChildren().setAll(nodes);
    }

    private DeviceTile createTile(DeviceTileViewModel model) {
        DeviceTile tile = new DeviceTile(model, () -> viewModel.adopt(model));
        tile.setOnMouseClicked(event -> {
            if (event.getButton() == MouseButton.PRIMARY) {
                viewModel.selectedProperty().set(model);
                tile.requestFocus();
            }
        });
        tile.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.ENTER || event.getCode() == KeyCode.SPACE) {
                viewModel.selectedProperty().set(model);
            }
        });
        return tile;
    }

    private void showDetail(DeviceTileViewModel model) {
        if (openDetail != null) {
            openDetail.close();
            openDetail = null;
        }
        if (model == null) {
            detailPane.getChildren().setAll(detailPlaceholder);
            return;
        }
        openDetail = details.open(model.snapshot());
        detailPane.getChildren().setAll(openDetail.node());
    }

    /** Stops the pulse and the open detail pane's subscription. */
    public void dispose() {
        pulse.stop();
        if (openDetail != null) {
            openDetail.close();
        }
    }
}
