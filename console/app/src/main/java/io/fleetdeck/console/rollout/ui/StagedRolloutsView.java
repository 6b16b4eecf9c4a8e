package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.console.ui.FxmlViews;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/** Controller of {@code StagedRolloutsView.fxml}: each staged rollout's stage, counts, state and pause reason. */
public final class StagedRolloutsView {
    private final StagedRolloutsViewModel viewModel;

    @FXML private TableView<StagedRolloutRow> stagedTable;
    @FXML private TableColumn<StagedRolloutRow, String> imageColumn;
    @FXML private TableColumn<StagedRolloutRow, String> stageColumn;
    @FXML private TableColumn<StagedRolloutRow, String> countsColumn;
    @FXML private TableColumn<StagedRolloutRow, String> stateColumn;
    @FXML private TableColumn<StagedRolloutRow, String> reasonColumn;
    @FXML private TableColumn<StagedRolloutRow, StagedRolloutRow> actionColumn;

    private StagedRolloutsView(StagedRolloutsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public static Parent load(StagedRolloutsViewModel viewModel) {
        return FxmlViews.load(StagedRolloutsView.class, "StagedRolloutsView.fxml",
                () -> new StagedRolloutsView(viewModel));
    }

    @FXML
    private void initialize() {
        stagedTable.setItems(viewModel.rows());
        stagedTable.setPlaceholder(new Label("No staged rollouts. Drop an image on several devices and choose "
                + "Start staged rollout."));
        FxmlViews.text(imageColumn, StagedRolloutRow::image);
        FxmlViews.text(stageColumn, StagedRolloutRow::stage);
        FxmlViews.text(countsColumn, StagedRolloutRow::counts);
        FxmlViews.text(stateColumn, StagedRolloutRow::state);
        FxmlViews.text(reasonColumn, StagedRolloutRow::reason);
        reasonColumn.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(String reason, boolean empty) {
                super.updateItem(reason, empty);
                setText(empty ? null : reason);
                setTooltip(empty || reason == null || reason.isEmpty() ? null : new Tooltip(reason));
                getStyleClass().remove("staged-reason");
                if (!empty) {
                    getStyleClass().add("staged-reason");
                }
            }
        });
        actionColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        actionColumn.setCellFactory(column -> new ActionCell());
        stagedTable.setRowFactory(table -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(StagedRolloutRow row, boolean empty) {
                super.updateItem(row, empty);
                setId(empty || row == null ? null : "staged-" + row.id());
            }
        });
    }

    /** Resume while paused, Abort while not ended. */
    private final class ActionCell extends TableCell<StagedRolloutRow, StagedRolloutRow> {
        private final Button resume = new Button("Resume");
        private final Button abort = new Button("Abort");
        private final HBox box = new HBox(4, resume, abort);

        ActionCell() {
            resume.getStyleClass().add("staged-resume");
            abort.getStyleClass().add("staged-abort");
            resume.setOnAction(event -> viewModel.resume(getItem()));
            abort.setOnAction(event -> viewModel.abort(getItem()));
        }

        @Override
        protected void updateItem(StagedRolloutRow row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            resume.setVisible(row.resumable());
            resume.setManaged(row.resumable());
            abort.setVisible(row.abortable());
            abort.setManaged(row.abortable());
            setGraphic(box);
        }
    }
}
