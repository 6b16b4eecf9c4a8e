package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.console.ui.FxmlViews;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

/** Controller of {@code StagedOptionsView.fxml}: the pre-flight panel's staged-rollout fields. Binds only. */
public final class StagedOptionsView {
    private final StagedOptionsViewModel viewModel;

    @FXML private VBox stagedOptions;
    @FXML private TextField stagesField;
    @FXML private TextField parallelField;
    @FXML private TextField failuresField;
    @FXML private Label errorLabel;
    @FXML private Button startButton;

    private StagedOptionsView(StagedOptionsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public static Parent load(StagedOptionsViewModel viewModel) {
        return FxmlViews.load(StagedOptionsView.class, "StagedOptionsView.fxml",
                () -> new StagedOptionsView(viewModel));
    }

    @FXML
    private void initialize() {
        stagedOptions.visibleProperty().bind(viewModel.offeredProperty());
        stagedOptions.managedProperty().bind(stagedOptions.visibleProperty());
        stagesField.textProperty().bindBidirectional(viewModel.stagesProperty());
        parallelField.textProperty().bindBidirectional(viewModel.maxParallelProperty());
        failuresField.textProperty().bindBidirectional(viewModel.maxFailuresProperty());
        errorLabel.textProperty().bind(viewModel.errorProperty());
        errorLabel.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        startButton.disableProperty().bind(viewModel.startingProperty());
        startButton.setOnAction(event -> viewModel.start());
    }
}
