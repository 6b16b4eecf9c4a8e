package io.fleetdeck.console.charts;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Asks the operator where to save an export. The window's is a {@link javafx.stage.FileChooser} (which no headless
 * test can drive); tests give a fixed path. Called on the FX thread.
 */
@FunctionalInterface
public interface ExportFileChooser {
    /** @return the chosen file, or empty when the operator cancelled */
    Optional<Path> choose(String suggestedName);
}
