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
        boolean image = suggestedName.endsWith(".png");
        chooser.setTitle(image ? "Save the charts as a PNG image" : "Export readings as CSV");
        chooser.setInitialFileName(suggestedName);
        chooser.getExtensionFilters().addAll(image ? new FileChooser.ExtensionFilter("PNG images", "*.png")
                        : new FileChooser.ExtensionFilter("CSV files", "*.csv"),
                new FileChooser.ExtensionFilter("All files", "*"));
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
