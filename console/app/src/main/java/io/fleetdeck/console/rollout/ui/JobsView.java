package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.console.ui.FxmlViews;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

/** Controller of {@code JobsView.fxml}: every rollout job, newest first, with a Cancel for unfinished ones. */
public final class JobsView {
    private static final PseudoClass PROBLEM = PseudoClass.getPseudoClass("problem");

    private final JobsViewModel viewModel;

    @FXML private TableView<JobRow> jobsTable;
    @FXML private TableColumn<JobRow, String> deviceColumn;
    @FXML private TableColumn<JobRow, String> imageColumn;
    @FXML private TableColumn<JobRow, String> versionColumn;
    @FXML private TableColumn<JobRow, String> phaseColumn;
    @FXML private TableColumn<JobRow, String> bytesColumn;
    @FXML private TableColumn<JobRow, String> rateColumn;
    @FXML private TableColumn<JobRow, String> etaColumn;
    @FXML private TableColumn<JobRow, String> resultColumn;
    @FXML private TableColumn<JobRow, String> reasonColumn;
    @FXML private TableColumn<JobRow, String> startedColumn;
    @FXML private TableColumn<JobRow, JobRow> actionColumn;

    private JobsView(JobsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public static Parent load(JobsViewModel viewModel) {
        return FxmlViews.load(JobsView.class, "JobsView.fxml", () -> new JobsView(viewModel));
    }

    @FXML
    private void initialize() {
        jobsTable.setItems(viewModel.rows());
        jobsTable.setPlaceholder(new Label("No rollouts yet. Drop a firmware image on a device tile to start one."));
        FxmlViews.text(deviceColumn, JobRow::device);
        FxmlViews.text(imageColumn, JobRow::image);
        FxmlViews.text(versionColumn, JobRow::version);
        FxmlViews.text(phaseColumn, JobRow::phase);
        FxmlViews.text(bytesColumn, JobRow::transferred);
        FxmlViews.text(rateColumn, JobRow::rate);
        FxmlViews.text(etaColumn, JobRow::eta);
        FxmlViews.text(resultColumn, JobRow::result);
        FxmlViews.text(reasonColumn, JobRow::reason);
        // Reasons are long (expected and actual hashes); the whole text is one hover away.
        reasonColumn.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(String reason, boolean empty) {
                super.updateItem(reason, empty);
                setText(empty ? null : reason);
                setTooltip(empty || reason == null || reason.isEmpty() ? null : new Tooltip(reason));
            }
        });
        FxmlViews.text(startedColumn, JobRow::started);
        actionColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        actionColumn.setCellFactory(column -> new CancelCell());
        jobsTable.setRowFactory(table -> new TableRow<>() {
            @Override
            protected void updateItem(JobRow row, boolean empty) {
                super.updateItem(row, empty);
                pseudoClassStateChanged(PROBLEM, !empty && row != null && row.problem());
                setId(empty || row == null ? null : "job-" + row.id());
            }
        });
    }

    /** A Cancel button on unfinished jobs; nothing on the others. */
    private final class CancelCell extends TableCell<JobRow, JobRow> {
        private final Button button = new Button("Cancel");

        CancelCell() {
            button.getStyleClass().add("job-cancel");
            button.setOnAction(event -> {
                JobRow row = getItem();
                if (row != null) {
                    viewModel.cancel(row);
                }
            });
        }

        @Override
        protected void updateItem(JobRow row, boolean empty) {
            super.updateItem(row, empty);
            setGraphic(empty || row == null || !row.cancellable() ? null : button);
        }
    }
}
