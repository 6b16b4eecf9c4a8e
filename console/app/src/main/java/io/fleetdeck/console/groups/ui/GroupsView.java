package io.fleetdeck.console.groups.ui;

import io.fleetdeck.console.ui.FxmlViews;
import io.fleetdeck.console.groups.DeviceGroup;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;

/**
 * Controller of {@code GroupsView.fxml}: the saved groups on the left (pick one to edit, select its devices or delete
 * it), the filter of a new or changed group on the right with how many devices it holds now.
 */
public final class GroupsView {
    private final GroupsViewModel viewModel;

    @FXML private ListView<DeviceGroup> groupList;
    @FXML private Button selectButton;
    @FXML private Button deleteButton;
    @FXML private TextField nameField;
    @FXML private TextField tagsField;
    @FXML private TextField modelField;
    @FXML private TextField firmwareField;
    @FXML private Label matchesLabel;
    @FXML private Button saveButton;
    @FXML private Label messageLabel;

    private GroupsView(GroupsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public static Parent load(GroupsViewModel viewModel) {
        return FxmlViews.load(GroupsView.class, "GroupsView.fxml", () -> new GroupsView(viewModel));
    }

    @FXML
    private void initialize() {
        groupList.setItems(viewModel.saved());
        groupList.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(DeviceGroup group, boolean empty) {
                super.updateItem(group, empty);
                setText(empty || group == null ? null : group.name() + " — " + group.filter().describe());
            }
        });
        groupList.getSelectionModel().selectedItemProperty().addListener((obs, old, group) -> {
            if (group != null) {
                viewModel.edit(group);
            }
        });
        selectButton.disableProperty().bind(groupList.getSelectionModel().selectedItemProperty().isNull());
        deleteButton.disableProperty().bind(groupList.getSelectionModel().selectedItemProperty().isNull());
        selectButton.setOnAction(event -> viewModel.select(groupList.getSelectionModel().getSelectedItem()));
        deleteButton.setOnAction(event -> viewModel.delete(groupList.getSelectionModel().getSelectedItem()));
        nameField.textProperty().bindBidirectional(viewModel.nameProperty());
        tagsField.textProperty().bindBidirectional(viewModel.tagsProperty());
        modelField.textProperty().bindBidirectional(viewModel.modelProperty());
        firmwareField.textProperty().bindBidirectional(viewModel.firmwareProperty());
        matchesLabel.textProperty().bind(viewModel.matchesProperty());
        messageLabel.textProperty().bind(viewModel.messageProperty());
        saveButton.setOnAction(event -> viewModel.save());
    }
}
