package io.fleetdeck.console.record.ui;

import io.fleetdeck.console.charts.ExportFileChooser;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.stage.Modality;
import javafx.stage.Window;

import java.util.function.Supplier;

/**
 * The window's File menu with "Export session record…", and the one non-modal dialog it opens: the operator can keep
 * working (and watch the fleet) while a long record is written. FX thread only.
 */
public final class SessionRecordMenu {
    private final Menu menu;
    private final SessionRecordViewModel viewModel;
    private final Supplier<Window> owner;
    private final ExportFileChooser chooser;
    private Dialog<Void> dialog;

    public SessionRecordMenu(SessionRecordViewModel viewModel, Supplier<Window> owner, ExportFileChooser chooser) {
        this.viewModel = viewModel;
        this.owner = owner;
        this.chooser = chooser;
        MenuItem export = new MenuItem("Export session record…");
        export.setId("menu-session-record");
        export.setOnAction(event -> show());
        menu = new Menu("File", null, export);
        menu.setId("menu-file");
    }

    public Menu menu() {
        return menu;
    }

    /** Opens the dialog (or brings it up), its form filled afresh unless a record is being written. */
    public void show() {
        if (dialog == null) {
            dialog = new Dialog<>();
            dialog.initOwner(owner.get());
            dialog.initModality(Modality.NONE);
            dialog.setTitle("Export session record");
            dialog.setResizable(true);
            dialog.getDialogPane().setContent(SessionRecordView.load(viewModel, chooser));
            dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
        }
        if (dialog.isShowing()) {
            dialog.getDialogPane().getScene().getWindow().requestFocus();
            return;
        }
        viewModel.reset();
        dialog.show();
    }
}
