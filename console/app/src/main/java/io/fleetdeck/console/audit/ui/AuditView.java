package io.fleetdeck.console.audit.ui;

import io.fleetdeck.console.ui.FxmlViews;
import io.fleetdeck.console.audit.AuditEntry;
import io.fleetdeck.console.audit.AuditFormat;
import io.fleetdeck.console.charts.ExportFileChooser;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ProgressBar;
import javafx.css.PseudoClass;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Controller of {@code AuditView.fxml}: the audit log, newest first, with Refresh and the two exports. */
public final class AuditView {
    private final AuditViewModel viewModel;
    private final ExportFileChooser chooser;
    private final DateTimeFormatter time;

    @FXML private TableView<AuditEntry> auditTable;
    @FXML private TableColumn<AuditEntry, String> timeColumn;
    @FXML private TableColumn<AuditEntry, String> userColumn;
    @FXML private TableColumn<AuditEntry, String> actionColumn;
    @FXML private TableColumn<AuditEntry, String> targetColumn;
    @FXML private TableColumn<AuditEntry, String> outcomeColumn;
    @FXML private TableColumn<AuditEntry, String> detailColumn;
    @FXML private Label statusLabel;
    @FXML private ProgressBar progress;
    @FXML private Button refreshButton;
    @FXML private Button csvButton;
    @FXML private Button jsonButton;

    private AuditView(AuditViewModel viewModel, ExportFileChooser chooser, ZoneId zone) {
        this.viewModel = viewModel;
        this.chooser = chooser;
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
    }

    /** @param chooser asks where an export goes */
    public static Parent load(AuditViewModel viewModel, ExportFileChooser chooser, ZoneId zone) {
        return FxmlViews.load(AuditView.class, "AuditView.fxml", () -> new AuditView(viewModel, chooser, zone));
    }

    @FXML
    private void initialize() {
        auditTable.setItems(viewModel.entries());
        auditTable.setPlaceholder(new Label("No operator actions recorded yet."));
        FxmlViews.text(timeColumn, entry -> time.format(entry.at()));
        FxmlViews.text(userColumn, AuditEntry::user);
        FxmlViews.text(actionColumn, entry -> entry.action().name());
        FxmlViews.text(targetColumn, AuditEntry::target);
        FxmlViews.text(outcomeColumn, entry -> entry.outcome().name());
        FxmlViews.text(detailColumn, AuditEntry::detail);
        statusLabel.textProperty().bind(viewModel.statusProperty());
        statusLabel.getStyleClass().add("work-status");
        viewModel.problemProperty().addListener((obs, old, bad) -> statusLabel.pseudoClassStateChanged(
                PseudoClass.getPseudoClass("problem"), bad));
        progress.getStyleClass().add("work-progress");
        progress.visibleProperty().bind(viewModel.busyProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        refreshButton.setOnAction(event -> viewModel.reload());
        csvButton.setOnAction(event -> export(AuditFormat.CSV));
        jsonButton.setOnAction(event -> export(AuditFormat.JSON));
    }

    private void export(AuditFormat format) {
        chooser.choose("fleetdeck-audit." + format.extension()).ifPresent(file -> viewModel.export(format, file));
    }

}
