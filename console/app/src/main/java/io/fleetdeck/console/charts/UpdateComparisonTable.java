package io.fleetdeck.console.charts;

import io.fleetdeck.console.history.ReadingStats;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;

import java.util.Locale;
import java.util.function.Function;

/** The before/after table of a firmware change: one row per sensor, hidden while there is nothing to compare. */
final class UpdateComparisonTable {
    private UpdateComparisonTable() {
    }

    static VBox box(UpdateComparisonViewModel comparison) {
        Label status = new Label();
        status.setId("comparison-status");
        status.textProperty().bind(comparison.statusProperty());
        TableView<SensorComparison> table = new TableView<>(comparison.rows());
        table.setId("update-comparison");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setFixedCellSize(24);
        table.prefHeightProperty().bind(javafx.beans.binding.Bindings.size(comparison.rows()).multiply(24).add(30));
        // Its rows, all of them: the charts below give way, the comparison does not.
        table.minHeightProperty().bind(table.prefHeightProperty());
        table.getColumns().add(column("Sensor", row -> row.label() + (row.unit().isEmpty() ? "" : " [" + row.unit()
                + "]")));
        table.getColumns().add(column("Before: mean (min–max)", row -> stats(row.before())));
        table.getColumns().add(column("After: mean (min–max)", row -> stats(row.after())));
        table.getColumns().add(column("Change of mean", row -> Double.isNaN(row.meanChange()) ? "—"
                : String.format(Locale.ROOT, "%+.3g", row.meanChange())));
        table.getColumns().add(column("Readings", row -> String.format(Locale.ROOT, "%,d / %,d", row.before().count(),
                row.after().count())));
        table.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(comparison.rows()));
        table.managedProperty().bind(table.visibleProperty());
        VBox box = new VBox(4, status, table);
        box.visibleProperty().bind(comparison.statusProperty().isNotEmpty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private static TableColumn<SensorComparison, String> column(String title,
                                                                 Function<SensorComparison, String> text) {
        TableColumn<SensorComparison, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(text.apply(cell.getValue())));
        column.setSortable(false);
        return column;
    }

    /** "21.4 (20.9–22.1)"; a dash when the side has no readings. */
    static String stats(ReadingStats stats) {
        if (stats.count() == 0) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.4g (%.4g–%.4g)", stats.mean(), stats.min(), stats.max());
    }
}
