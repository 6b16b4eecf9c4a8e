package io.fleetdeck.console.rollout.ui;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

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
        FXMLLoader loader = new FXMLLoader(JobsView.class.getResource("JobsView.fxml"));
        loader.setControllerFactory(type -> new JobsView(viewModel));
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("JobsView.fxml is missing from the application", e);
        }
    }

    @FXML
    private void initialize() {
        jobsTable.setItems(viewModel.rows());
        jobsTable.setPlaceholder(new Label("No rollouts yet. Drop a firmware image on a device tile to start one."));
        text(deviceColumn, JobRow::device);
        text(imageColumn, JobRow::image);
        text(versionColumn, JobRow::version);
        text(phaseColumn, JobRow::phase);
        text(bytesColumn, JobRow::transferred);
        text(rateColumn, JobRow::rate);
        text(etaColumn, JobRow::eta);
        text(resultColumn, JobRow::result);
        text(reasonColumn, JobRow::reason);
        // Reasons are long (expected and actual hashes); the whole text is one hover away.
        reasonColumn.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(String reason, boolean empty) {
                super.updateItem(reason, empty);
                setText(empty ? null : reason);
                setTooltip(empty || reason == null || reason.isEmpty() ? null : new Tooltip(reason));
            }
        });
        text(startedColumn, JobRow::started);
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

    private static void text(TableColumn<JobRow, String> column, Function<JobRow, String> value) {
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
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
