package io.fleetdeck.console.ui;

import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.control.TableColumn;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;
import java.util.function.Supplier;

/** What every FXML view's controller does the same way: load its file with itself as controller, fill text columns. */
public final class FxmlViews {
    private FxmlViews() {
    }

    /** Loads {@code fxml} (next to {@code owner}) with the controller {@code controller} makes. */
    public static Parent load(Class<?> owner, String fxml, Supplier<?> controller) {
        FXMLLoader loader = new FXMLLoader(owner.getResource(fxml));
        loader.setControllerFactory(type -> controller.get());
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException(fxml + " is missing from the application", e);
        }
    }

    /** Shows {@code value} of each row in {@code column}. */
    public static <R> void text(TableColumn<R, String> column, Function<R, String> value) {
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    }
}
