package io.fleetdeck.console.charts;

import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/** The window's {@link ExportFileChooser}: a native save dialog over the main window, remembering its directory. */
public final class SaveDialogChooser implements ExportFileChooser {
    private final Supplier<Window> owner;
    private File lastDirectory;

    /** @param owner the window the dialog is modal to; may give null before the window exists */
    public SaveDialogChooser(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public Optional<Path> choose(String suggestedName) {
        FileChooser chooser = new FileChooser();
        FileChooser.ExtensionFilter kind;
        if (suggestedName.endsWith(".png")) {
            chooser.setTitle("Save the charts as a PNG image");
            kind = new FileChooser.ExtensionFilter("PNG images", "*.png");
        } else if (suggestedName.endsWith(".zip")) {
            chooser.setTitle("Save the session record");
            kind = new FileChooser.ExtensionFilter("Zip archives", "*.zip");
        } else {
            chooser.setTitle("Export readings as CSV");
            kind = new FileChooser.ExtensionFilter("CSV files", "*.csv");
        }
        chooser.setInitialFileName(suggestedName);
        chooser.getExtensionFilters().addAll(kind, new FileChooser.ExtensionFilter("All files", "*"));
        if (lastDirectory != null) {
            chooser.setInitialDirectory(lastDirectory);
        }
        File chosen = chooser.showSaveDialog(owner.get());
        if (chosen == null) {
            return Optional.empty();
        }
        lastDirectory = chosen.getParentFile();
        return Optional.of(chosen.toPath());
    }
}
