package io.fleetdeck.console.fleet.ui;

import io.fleetdeck.console.fleet.PresenceState;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.util.Callback;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The fleet as a compact table, one row per device, with sortable columns. It shows the view model's list of tiles
 * and sorts that list itself ({@link FleetViewModel#sortBy}), so the grid follows the same order. The table's
 * selection and the view model's are kept equal both ways; the view model's is the one that counts (drops, detail).
 * Rows are virtualized by the table like the grid's tiles.
 */
final class DeviceTable {
    private final FleetViewModel viewModel;
    private final TableView<DeviceTileViewModel> table = new TableView<>();
    private boolean syncing;

    /** @param rows sets up each row's drag-and-drop handlers, as on a tile */
    DeviceTable(FleetViewModel viewModel, Consumer<TableRow<DeviceTileViewModel>> rows) {
        this.viewModel = viewModel;
        table.setId("device-table");
        table.getStyleClass().add("device-table");
        table.setItems(viewModel.visibleTiles());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.<TableColumn<DeviceTileViewModel, ?>>of(
                column("Device", "device", DeviceTileViewModel::titleProperty),
                presenceColumn(),
                column("Firmware", "firmware", DeviceTileViewModel::firmwareVersionProperty),
                column("Group", "group", DeviceTileViewModel::groupProperty),
                column("Last reading", "reading", DeviceTileViewModel::lastReadingProperty),
                column("Install", "install", DeviceTileViewModel::installProperty)));
        table.setSortPolicy(sorted -> {
            viewModel.sortBy(sorted.getSortOrder().isEmpty() ? null : sorted.getComparator());
            return true;
        });
        table.setRowFactory(view -> {
            TableRow<DeviceTileViewModel> row = new TableRow<>();
            rows.accept(row);
            return row;
        });
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.getSelectionModel().getSelectedItems().addListener(
                (ListChangeListener<DeviceTileViewModel>) change -> fromTable());
        viewModel.selectionRevisionProperty().addListener((obs, old, now) -> toTable());
    }

    TableView<DeviceTileViewModel> node() {
        return table;
    }

    private void fromTable() {
        if (syncing) {
            return;
        }
        syncing = true;
        try {
            viewModel.selectExactly(new ArrayList<>(table.getSelectionModel().getSelectedItems()),
                    table.getSelectionModel().getSelectedItem());
        } finally {
            syncing = false;
        }
    }

    /** Shows the view model's selection (Ctrl+A, the Select menu, Esc, a filter) as the table's. */
    void toTable() {
        if (syncing) {
            return;
        }
        syncing = true;
        try {
            var selection = table.getSelectionModel();
            selection.clearSelection();
            List<DeviceTileViewModel> selected = viewModel.selection();
            if (!selected.isEmpty()) {
                List<DeviceTileViewModel> items = table.getItems();
                Set<DeviceTileViewModel> wanted = new HashSet<>(selected);
                int[] indices = new int[selected.size()];
                int n = 0;
                for (int i = 0; i < items.size() && n < indices.length; i++) {
                    if (wanted.contains(items.get(i))) {
                        indices[n++] = i;
                    }
                }
                if (n > 0) {
                    selection.selectIndices(indices[0], Arrays.copyOfRange(indices, 1, n));
                }
                DeviceTileViewModel lead = viewModel.selectedProperty().get();
                if (lead != null) {
                    table.getFocusModel().focus(items.indexOf(lead));
                }
            }
        } finally {
            syncing = false;
        }
    }

    private static <T> TableColumn<DeviceTileViewModel, T> column(String title, String id,
            Function<DeviceTileViewModel, ObservableValue<T>> value) {
        TableColumn<DeviceTileViewModel, T> column = new TableColumn<>(title);
        column.setId("column-" + id);
        column.setCellValueFactory(cell -> value.apply(cell.getValue()));
        return column;
    }

    private static TableColumn<DeviceTileViewModel, PresenceState> presenceColumn() {
        TableColumn<DeviceTileViewModel, PresenceState> column = column("Presence", "presence",
                DeviceTileViewModel::presenceProperty);
        Callback<TableColumn<DeviceTileViewModel, PresenceState>, TableCell<DeviceTileViewModel, PresenceState>>
                cells = c -> new TableCell<>() {
                    @Override
                    protected void updateItem(PresenceState presence, boolean empty) {
                        super.updateItem(presence, empty);
                        setText(empty || presence == null ? null : presence.name().toLowerCase(Locale.ROOT));
                    }
                };
        column.setCellFactory(cells);
        column.setMaxWidth(110);
        return column;
    }
}
