package io.fleetdeck.console.groups.ui;

import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;

import java.io.IOException;
import java.io.UncheckedIOException;

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
        FXMLLoader loader = new FXMLLoader(TagsView.class.getResource("TagsView.fxml"));
        loader.setControllerFactory(type -> new TagsView(viewModel));
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("TagsView.fxml is missing from the application", e);
        }
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
