package io.fleetdeck.console.rollout.ui;

import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DataFormat;
import javafx.scene.input.Dragboard;

import java.util.List;

/** How a library image travels in a drag from the firmware library to a tile, and how a drop is read. */
public final class LibraryDrag {
    /** The library id of the dragged image; only this application reads it. */
    public static final DataFormat IMAGE_ID = new DataFormat("application/x-fleetdeck-library-image");

    private LibraryDrag() {
    }

    static ClipboardContent content(LibraryRow row) {
        ClipboardContent content = new ClipboardContent();
        content.put(IMAGE_ID, row.id());
        content.putString(row.name());
        return content;
    }

    /** What a dragboard carries, as far as firmware goes. */
    public static ImageDrop read(Dragboard dragboard) {
        if (dragboard.hasContent(IMAGE_ID) && dragboard.getContent(IMAGE_ID) instanceof Long id) {
            return ImageDrop.ofLibraryImage(id, dragboard.hasString() ? dragboard.getString() : "image " + id);
        }
        if (dragboard.hasFiles()) {
            return ImageDrop.ofFiles(dragboard.getFiles());
        }
        return ImageDrop.ofFiles(List.of());
    }
}
