package io.fleetdeck.console.record.ui;

import io.fleetdeck.console.charts.ExportFileChooser;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.CheckBoxListCell;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Controller of {@code SessionRecordView.fxml}: the form of File → Export session record…. */
public final class SessionRecordView {
    private final SessionRecordViewModel viewModel;
    private final ExportFileChooser chooser;

    @FXML private TextField fromField;
    @FXML private TextField toField;
    @FXML private TextField targetField;
    @FXML private Button nowButton;
    @FXML private Button browseButton;
    @FXML private Button allButton;
    @FXML private Button noneButton;
    @FXML private ListView<SensorChoice> sensorList;
    @FXML private ProgressBar progressBar;
    @FXML private Label statusLabel;
    @FXML private Button cancelButton;
    @FXML private Button exportButton;

    private SessionRecordView(SessionRecordViewModel viewModel, ExportFileChooser chooser) {
        this.viewModel = viewModel;
        this.chooser = chooser;
    }

    /** @param chooser asks where the zip goes (Browse…) */
    public static Parent load(SessionRecordViewModel viewModel, ExportFileChooser chooser) {
        FXMLLoader loader = new FXMLLoader(SessionRecordView.class.getResource("SessionRecordView.fxml"));
        loader.setControllerFactory(type -> new SessionRecordView(viewModel, chooser));
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("SessionRecordView.fxml is missing from the application", e);
        }
    }

    @FXML
    private void initialize() {
        fromField.textProperty().bindBidirectional(viewModel.fromProperty());
        toField.textProperty().bindBidirectional(viewModel.toProperty());
        targetField.textProperty().bindBidirectional(viewModel.targetProperty());
        sensorList.setItems(viewModel.sensors());
        sensorList.setCellFactory(CheckBoxListCell.forListView(SensorChoice::chosenProperty));
        sensorList.setPlaceholder(new Label("No device has described its sensors yet."));
        progressBar.progressProperty().bind(viewModel.progressProperty());
        progressBar.visibleProperty().bind(viewModel.runningProperty().or(viewModel.progressProperty().greaterThan(0)));
        statusLabel.textProperty().bind(viewModel.statusProperty());
        cancelButton.visibleProperty().bind(viewModel.runningProperty());
        cancelButton.managedProperty().bind(cancelButton.visibleProperty());
        cancelButton.setOnAction(event -> viewModel.cancel());
        exportButton.disableProperty().bind(viewModel.runningProperty());
        exportButton.setOnAction(event -> viewModel.export());
        for (Node control : new Node[]{fromField, toField, targetField, nowButton, browseButton, allButton,
                noneButton, sensorList}) {
            control.disableProperty().bind(viewModel.runningProperty());
        }
        nowButton.setOnAction(event -> viewModel.endNow());
        allButton.setOnAction(event -> viewModel.chooseAll(true));
        noneButton.setOnAction(event -> viewModel.chooseAll(false));
        browseButton.setOnAction(event -> chooser.choose(viewModel.suggestedName())
                .ifPresent(path -> viewModel.targetProperty().set(path.toString())));
    }
}
