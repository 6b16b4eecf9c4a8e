package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.console.ui.FxmlViews;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.scene.control.ProgressBar;

import java.io.File;
import java.util.List;

/**
 * Controller of {@code FirmwareLibraryView.fxml}: the images the console holds. Files dropped on it are imported; a
 * row dragged onto a device tile is planned for that device or selection.
 */
public final class FirmwareLibraryView {
    private static final PseudoClass DROP_TARGET = PseudoClass.getPseudoClass("drop-target");
    private static final PseudoClass DROP_REFUSED = PseudoClass.getPseudoClass("drop-refused");

    private final FirmwareLibraryViewModel viewModel;

    @FXML private VBox firmwareLibrary;
    @FXML private Button importButton;
    @FXML private Label dropHint;
    @FXML private ProgressBar importProgress;
    @FXML private Label importStatus;
    @FXML private TableView<LibraryRow> libraryTable;
    @FXML private TableColumn<LibraryRow, String> nameColumn;
    @FXML private TableColumn<LibraryRow, String> versionColumn;
    @FXML private TableColumn<LibraryRow, String> modelsColumn;
    @FXML private TableColumn<LibraryRow, String> sizeColumn;
    @FXML private TableColumn<LibraryRow, String> shaColumn;
    @FXML private TableColumn<LibraryRow, String> importedColumn;

    private FirmwareLibraryView(FirmwareLibraryViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public static Parent load(FirmwareLibraryViewModel viewModel) {
        return FxmlViews.load(FirmwareLibraryView.class, "FirmwareLibraryView.fxml",
                () -> new FirmwareLibraryView(viewModel));
    }

    @FXML
    private void initialize() {
        libraryTable.setItems(viewModel.rows());
        libraryTable.setPlaceholder(new Label("No images yet. Drop .img, .img.xz, .img.gz, .img.zst or .zip files "
                + "here, or use Import…"));
        libraryTable.setEditable(true);
        FxmlViews.text(nameColumn, LibraryRow::name);
        FxmlViews.text(versionColumn, row -> row.version());
        versionColumn.setCellFactory(TextFieldTableCell.forTableColumn());
        versionColumn.setOnEditCommit(edit -> viewModel.setVersion(edit.getRowValue(), edit.getNewValue()));
        FxmlViews.text(modelsColumn, LibraryRow::models);
        FxmlViews.text(sizeColumn, LibraryRow::sizes);
        FxmlViews.text(shaColumn, LibraryRow::sha);
        FxmlViews.text(importedColumn, LibraryRow::imported);
        libraryTable.setRowFactory(table -> {
            TableRow<LibraryRow> row = new TableRow<>() {
                @Override
                protected void updateItem(LibraryRow item, boolean empty) {
                    super.updateItem(item, empty);
                    setId(empty || item == null ? null : "library-image-" + item.id());
                    setTooltip(empty || item == null ? null : new Tooltip("SHA-256 " + item.shaFull()
                            + "\nDrag onto a device tile or a selection to install it."));
                }
            };
            row.setOnDragDetected(event -> {
                if (row.getItem() != null) {
                    Dragboard dragboard = row.startDragAndDrop(TransferMode.COPY);
                    dragboard.setContent(LibraryDrag.content(row.getItem()));
                    event.consume();
                }
            });
            return row;
        });

        importButton.setOnAction(event -> chooseFiles());
        // Hashing and copying an image takes seconds; the outcome, or why it failed, goes to the status bar.
        importProgress.visibleProperty().bind(viewModel.importingProperty().greaterThan(0));
        importProgress.managedProperty().bind(importProgress.visibleProperty());
        importStatus.textProperty().bind(viewModel.importingProperty().map(count -> count.intValue() == 0 ? ""
                : "Importing " + count + (count.intValue() == 1 ? " image…" : " images…")));
        firmwareLibrary.setOnDragOver(event -> {
            ImageDrop drop = LibraryDrag.read(event.getDragboard());
            // A library row dragged within the library is not an import.
            if (!(event.getGestureSource() instanceof Node source && isDescendant(source))) {
                if (drop.importable()) {
                    event.acceptTransferModes(TransferMode.COPY);
                }
                firmwareLibrary.pseudoClassStateChanged(DROP_TARGET, drop.importable());
                firmwareLibrary.pseudoClassStateChanged(DROP_REFUSED, !drop.importable());
                dropHint.setText(drop.importHint());
            }
            event.consume();
        });
        firmwareLibrary.setOnDragExited(event -> clearDropState());
        firmwareLibrary.setOnDragDropped(event -> {
            ImageDrop drop = LibraryDrag.read(event.getDragboard());
            boolean taken = drop.importable() && viewModel.importFiles(drop.files()) > 0;
            clearDropState();
            event.setDropCompleted(taken);
            event.consume();
        });
        clearDropState();
    }

    private boolean isDescendant(Node node) {
        for (Node parent = node; parent != null; parent = parent.getParent()) {
            if (parent == firmwareLibrary) {
                return true;
            }
        }
        return false;
    }

    private void clearDropState() {
        firmwareLibrary.pseudoClassStateChanged(DROP_TARGET, false);
        firmwareLibrary.pseudoClassStateChanged(DROP_REFUSED, false);
        dropHint.setText("Drop image files here to import them · drag an image onto devices to install it");
    }

    private void chooseFiles() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import firmware images");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Firmware images", "*.img", "*.img.xz", "*.img.gz", "*.img.zst",
                        "*.zip"),
                new FileChooser.ExtensionFilter("Raw image (*.img)", "*.img"),
                new FileChooser.ExtensionFilter("xz-compressed (*.img.xz)", "*.img.xz"),
                new FileChooser.ExtensionFilter("gzip-compressed (*.img.gz)", "*.img.gz"),
                new FileChooser.ExtensionFilter("zstd-compressed (*.img.zst)", "*.img.zst"),
                new FileChooser.ExtensionFilter("Zip holding one image (*.zip)", "*.zip"));
        List<File> files = chooser.showOpenMultipleDialog(firmwareLibrary.getScene().getWindow());
        if (files != null && !files.isEmpty()) {
            viewModel.importFiles(ImageDrop.ofFiles(files).files());
        }
    }

}
