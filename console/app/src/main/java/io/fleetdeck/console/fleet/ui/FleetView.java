package io.fleetdeck.console.fleet.ui;

import io.fleetdeck.console.rollout.ui.FirmwareLibraryView;
import io.fleetdeck.console.rollout.ui.ImageDrop;
import io.fleetdeck.console.rollout.ui.JobsView;
import io.fleetdeck.console.rollout.ui.LibraryDrag;
import io.fleetdeck.console.rollout.ui.PreflightView;
import io.fleetdeck.console.rollout.ui.RolloutViewModels;
import io.fleetdeck.console.rollout.ui.StagedOptionsView;
import io.fleetdeck.console.rollout.ui.StagedRolloutsView;
import io.fleetdeck.model.DeviceId;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TableRow;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.StackPane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Controller of {@code FleetView.fxml}: tiles on the left, the selected device's charts (or the pre-flight panel) on
 * the right, rollout jobs and the firmware library below, the console's health in the status bar. Its pulse timer is
 * the only place fleet and rollout changes reach the scene.
 */
public final class FleetView {
    private static final PseudoClass PROBLEM = PseudoClass.getPseudoClass("problem");
    /** Tiles are text; ten refreshes a second is as fast as anyone reads. */
    private static final long REFRESH_NANOS = 100_000_000L;
    /** Selects every shown tile while the fleet pane has the focus; listed in the keyboard help. */
    public static final KeyCombination SELECT_ALL = new KeyCodeCombination(KeyCode.A, KeyCombination.SHORTCUT_DOWN);
    /** Clears the selection while the fleet pane has the focus; listed in the keyboard help. */
    public static final KeyCombination CLEAR_SELECTION = new KeyCodeCombination(KeyCode.ESCAPE);

    private final FleetViewModel viewModel;
    private final DeviceDetailFactory details;
    private final RolloutViewModels rollouts;
    /** Tiles lit up by the drag in progress. */
    private final List<DeviceTileViewModel> dragLit = new ArrayList<>();
    private DeviceDetailFactory.DetailPane openDetail;
    private AnimationTimer pulse;

    @FXML private Label summaryLabel;
    @FXML private Label selectionLabel;
    @FXML private MenuButton selectMenu;
    @FXML private Button adoptSelectedButton;
    @FXML private TextField filterField;
    @FXML private StackPane fleetPane;
    @FXML private ToggleButton tilesButton;
    @FXML private ToggleButton tableButton;
    private TileGrid grid;
    private DeviceTable table;
    @FXML private StackPane sidePane;
    @FXML private StackPane detailPane;
    @FXML private Label detailPlaceholder;
    @FXML private Tab jobsTab;
    @FXML private Tab libraryTab;
    @FXML private Tab stagedTab;
    @FXML private Label brokerLabel;
    @FXML private Label historyLabel;
    @FXML private Label rolloutLabel;

    private FleetView(FleetViewModel viewModel, DeviceDetailFactory details, RolloutViewModels rollouts) {
        this.viewModel = viewModel;
        this.details = details;
        this.rollouts = rollouts;
    }

    /** Loads the FXML and returns its root, with the pulse timer running. */
    public static Parent load(FleetViewModel viewModel, DeviceDetailFactory details, RolloutViewModels rollouts) {
        FXMLLoader loader = new FXMLLoader(FleetView.class.getResource("FleetView.fxml"));
        loader.setControllerFactory(type -> new FleetView(viewModel, details, rollouts));
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
        rolloutLabel.textProperty().bind(rollouts.status().textProperty());
        Tooltip rolloutTip = new Tooltip();
        rolloutTip.textProperty().bind(rollouts.status().textProperty());
        rolloutLabel.setTooltip(rolloutTip);
        rollouts.status().problemProperty().addListener((obs, old, bad) -> rolloutLabel.pseudoClassStateChanged(PROBLEM,
                bad));
        filterField.textProperty().bindBidirectional(viewModel.filterProperty());

        selectionLabel.textProperty().bind(viewModel.selectionTextProperty());
        adoptSelectedButton.textProperty().bind(viewModel.adoptableSelectedProperty().asString("Adopt %d selected"));
        adoptSelectedButton.visibleProperty().bind(viewModel.adoptableSelectedProperty().greaterThan(1));
        adoptSelectedButton.managedProperty().bind(adoptSelectedButton.visibleProperty());
        adoptSelectedButton.setOnAction(event -> viewModel.adoptSelection());
        selectMenu.setOnShowing(event -> buildSelectMenu());
        buildSelectMenu();

        grid = new TileGrid(viewModel.visibleTiles(), this::createTile);
        table = new DeviceTable(viewModel, this::wireRow);
        ToggleGroup layout = new ToggleGroup();
        tilesButton.setToggleGroup(layout);
        tableButton.setToggleGroup(layout);
        // One of the two is always pressed; the view model says which.
        layout.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true);
            } else {
                viewModel.tableShownProperty().set(now == tableButton);
            }
        });
        viewModel.tableShownProperty().addListener((obs, old, shown) -> showLayout(shown));
        showLayout(viewModel.tableShownProperty().get());
        viewModel.selectedProperty().addListener((obs, old, now) -> showDetail(now));
        grid.setOnMouseClicked(event -> {
            if (event.getButton() == MouseButton.PRIMARY && tileUnder(event.getPickResult().getIntersectedNode())
                    == null) {
                viewModel.clearSelection();
            }
        });
        // A filter, not a handler: the list and the table must not eat Ctrl+A or Esc before the tiles see them.
        fleetPane.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (SELECT_ALL.match(event)) {
                viewModel.selectAll();
                event.consume();
            } else if (CLEAR_SELECTION.match(event)) {
                viewModel.clearSelection();
                event.consume();
            }
        });
        // Typing should not start in the filter just because it is the first focusable control.
        fleetPane.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                Platform.runLater(fleetPane::requestFocus);
            }
        });

        sidePane.getChildren().add(PreflightView.load(rollouts.preflight(), StagedOptionsView.load(rollouts.staged())));
        stagedTab.setContent(StagedRolloutsView.load(rollouts.stagedRollouts()));
        stagedTab.textProperty().bind(rollouts.stagedRollouts().titleProperty());
        jobsTab.setContent(JobsView.load(rollouts.jobs()));
        jobsTab.textProperty().bind(rollouts.jobs().titleProperty());
        libraryTab.setContent(FirmwareLibraryView.load(rollouts.library()));
        rollouts.library().reload();

        pulse = new AnimationTimer() {
            private long last;

            @Override
            public void handle(long now) {
                if (now - last >= REFRESH_NANOS) {
                    last = now;
                    viewModel.refresh(System.currentTimeMillis());
                    rollouts.jobs().refresh();
                    rollouts.stagedRollouts().refresh();
                }
            }
        };
        pulse.start();
    }

    private void buildSelectMenu() {
        List<MenuItem> items = new ArrayList<>();
        MenuItem all = new MenuItem("All shown (Ctrl+A)");
        all.setOnAction(event -> viewModel.selectAll());
        items.add(all);
        for (SelectionGroup group : viewModel.selectionGroups()) {
            MenuItem item = new MenuItem(group.label());
            item.setDisable(group.members().isEmpty());
            item.setOnAction(event -> viewModel.selectGroup(group));
            items.add(item);
        }
        items.add(new SeparatorMenuItem());
        MenuItem none = new MenuItem("Clear selection (Esc)");
        none.setOnAction(event -> viewModel.clearSelection());
        items.add(none);
        selectMenu.getItems().setAll(items);
    }

    /** Adopt on a tile: the operator confirms the key and types the device's pairing code first. */
    private void confirmAdoption(DeviceTileViewModel model) {
        String key = model.snapshot().announcedKey().map(Object::toString).orElse("(not announced)");
        new AdoptDialog(fleetPane.getScene().getWindow(), model.snapshot().displayName(), key).showAndWait()
                .ifPresent(code -> viewModel.adopt(model, code));
    }

    private void showLayout(boolean tableShown) {
        (tableShown ? tableButton : tilesButton).setSelected(true);
        // Only the one shown is in the scene: the other costs no CSS, layout or cell updates meanwhile.
        fleetPane.getChildren().setAll(tableShown ? table.node() : grid);
        if (tableShown) {
            table.toTable();
        } else if (viewModel.selectedProperty().get() != null) {
            grid.scrollTo(viewModel.selectedProperty().get());
        }
    }

    /** The tile {@code node} is part of, if any. */
    private static DeviceTile tileUnder(Node node) {
        for (Node at = node; at != null; at = at.getParent()) {
            if (at instanceof DeviceTile tile) {
                return tile;
            }
        }
        return null;
    }

    /** A tile node for the grid; its handlers act on whichever device it shows when the event comes. */
    private DeviceTile createTile() {
        DeviceTile tile = new DeviceTile(this::confirmAdoption);
        tile.setOnMouseClicked(event -> {
            DeviceTileViewModel model = tile.model();
            if (model != null && event.getButton() == MouseButton.PRIMARY) {
                if (event.isShortcutDown()) {
                    viewModel.toggle(model);
                } else if (event.isShiftDown()) {
                    viewModel.selectRange(model);
                } else {
                    viewModel.select(model);
                }
                tile.requestFocus();
            }
        });
        tile.setOnKeyPressed(event -> {
            DeviceTileViewModel model = tile.model();
            if (model == null) {
                return;
            }
            if (event.getCode() == KeyCode.ENTER || event.getCode() == KeyCode.SPACE) {
                if (event.isShortcutDown()) {
                    viewModel.toggle(model);
                } else {
                    viewModel.select(model);
                }
            } else if (event.getCode().isArrowKey()) {
                moveFrom(model, event);
            }
        });
        tile.setOnDragOver(event -> {
            if (tile.model() != null) {
                dragOver(tile.model(), event);
            }
        });
        tile.setOnDragExited(event -> clearDragLight());
        tile.setOnDragDropped(event -> {
            if (tile.model() != null) {
                dropped(tile.model(), event);
            }
        });
        return tile;
    }

    /**
     * Arrow keys move through the grid, scrolling as they go: alone they select the next tile, with Shift they
     * extend the range from the anchor, with Ctrl/Cmd they only move the focus (Space then toggles).
     */
    private void moveFrom(DeviceTileViewModel model, KeyEvent event) {
        List<DeviceTileViewModel> shown = viewModel.visibleTiles();
        int step = switch (event.getCode()) {
            case LEFT, KP_LEFT -> -1;
            case RIGHT, KP_RIGHT -> 1;
            case UP, KP_UP -> -grid.columns();
            default -> grid.columns();
        };
        int at = shown.indexOf(model);
        int to = at + step;
        if (at < 0 || to < 0 || to >= shown.size()) {
            event.consume();
            return;
        }
        DeviceTileViewModel next = shown.get(to);
        if (event.isShiftDown()) {
            viewModel.selectRange(next);
        } else if (!event.isShortcutDown()) {
            viewModel.select(next);
        }
        grid.focus(next);
        event.consume();
    }

    /** A table row takes firmware like a tile: onto its device, or onto the selection it is part of. */
    private void wireRow(TableRow<DeviceTileViewModel> row) {
        row.setOnDragOver(event -> {
            if (row.getItem() != null) {
                dragOver(row.getItem(), event);
            }
        });
        row.setOnDragExited(event -> clearDragLight());
        row.setOnDragDropped(event -> {
            if (row.getItem() != null) {
                dropped(row.getItem(), event);
            }
        });
    }

    private void dragOver(DeviceTileViewModel model, DragEvent event) {
        ImageDrop drop = LibraryDrag.read(event.getDragboard());
        List<DeviceTileViewModel> targets = viewModel.dropTargets(model);
        if (drop.installable()) {
            event.acceptTransferModes(TransferMode.COPY);
        }
        // DRAG_OVER repeats while the pointer moves: light the tiles once per tile entered.
        if (dragLit.isEmpty() || dragLit.getFirst() != model) {
            clearDragLight();
            dragLit.add(model);
            if (drop.installable()) {
                targets.forEach(target -> target.dropTargetProperty().set(true));
                dragLit.addAll(targets);
            } else {
                model.dropRefusedProperty().set(true);
            }
            model.dropHintProperty().set(drop.installHint(targets.size()));
        }
        event.consume();
    }

    private void dropped(DeviceTileViewModel model, DragEvent event) {
        ImageDrop drop = LibraryDrag.read(event.getDragboard());
        clearDragLight();
        boolean taken = drop.installable();
        if (taken) {
            List<DeviceId> targets = viewModel.dropTargets(model).stream().map(DeviceTileViewModel::id).toList();
            if (drop.libraryImage().isPresent()) {
                rollouts.preflight().planLibraryImage(drop.libraryImage().getAsLong(), drop.libraryName(), targets);
            } else {
                rollouts.preflight().planFile(drop.file(), targets);
            }
        } else {
            rollouts.status().problem(drop.installHint(1));
        }
        event.setDropCompleted(taken);
        event.consume();
    }

    private void clearDragLight() {
        for (DeviceTileViewModel lit : dragLit) {
            lit.dropTargetProperty().set(false);
            lit.dropRefusedProperty().set(false);
            lit.dropHintProperty().set("");
        }
        dragLit.clear();
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
