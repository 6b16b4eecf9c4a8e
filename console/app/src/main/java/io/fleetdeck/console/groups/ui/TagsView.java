package io.fleetdeck.console.groups.ui;

import io.fleetdeck.console.ui.FxmlViews;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;

/** Controller of {@code TagsView.fxml}: the selected devices' tags, and tags to add to or remove from all of them. */
public final class TagsView {
    private final TagsViewModel viewModel;

    @FXML private ListView<String> deviceList;
    @FXML private TextField addField;
    @FXML private TextField removeField;
    @FXML private Button applyButton;
    @FXML private Label messageLabel;

    private TagsView(TagsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public static Parent load(TagsViewModel viewModel) {
        return FxmlViews.load(TagsView.class, "TagsView.fxml", () -> new TagsView(viewModel));
    }

    @FXML
    private void initialize() {
        deviceList.setItems(viewModel.rows());
        addField.textProperty().bindBidirectional(viewModel.addProperty());
        removeField.textProperty().bindBidirectional(viewModel.removeProperty());
        messageLabel.textProperty().bind(viewModel.messageProperty());
        applyButton.setOnAction(event -> viewModel.apply());
    }
}
