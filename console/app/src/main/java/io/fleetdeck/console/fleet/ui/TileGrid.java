package io.fleetdeck.console.fleet.ui;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The fleet's tiles as a virtualized grid: a {@link ListView} whose items are rows of tiles, as many per row as the
 * width holds. Only rows on screen have cells, and cells reuse their {@link DeviceTile}s, so a thousand devices cost
 * a few dozen tile nodes (and only those draw sparklines). The rows are re-cut at most once per layout pass, when
 * the tiles shown or the column count changed, not once per list change.
 */
final class TileGrid extends StackPane {
    /** The width of a tile in {@code fleetdeck.css} ({@code .device-tile}). */
    static final double TILE_WIDTH = 222;
    static final double GAP = 12;
    /** The list's vertical scroll bar and the cells' side padding, which the tiles cannot use. */
    private static final double RESERVED_WIDTH = 18 + 2 * GAP;

    private final ObservableList<DeviceTileViewModel> shown;
    private final ListView<TileRow> rows = new ListView<>();
    private int columns = -1;
    private boolean dirty = true;
    private int pendingScroll = -1;
    private int scrollAttempts;
    private DeviceTileViewModel pendingFocus;

    /**
     * @param shown the tiles in the order shown, after the filter
     * @param tiles makes a tile node with its handlers; called only for tiles that come on screen
     */
    TileGrid(ObservableList<DeviceTileViewModel> shown, Supplier<DeviceTile> tiles) {
        this.shown = shown;
        getStyleClass().add("tile-grid");
        rows.getStyleClass().add("tile-rows");
        rows.setId("tile-grid");
        // The selection lives in the view model (TileSelection), across rows and devices off screen.
        rows.setSelectionModel(null);
        rows.setFocusModel(null);
        TileRepaints repaints = new TileRepaints(this);
        rows.setCellFactory(list -> new RowCell(tiles, repaints));
        getChildren().add(rows);
        shown.addListener((ListChangeListener<DeviceTileViewModel>) change -> {
            dirty = true;
            requestLayout();
        });
        widthProperty().addListener((obs, old, now) -> requestLayout());
    }

    @Override
    protected void layoutChildren() {
        cutIfNeeded();
        super.layoutChildren();
        if (pendingScroll >= 0) {
            settleScroll();
        }
        if (pendingFocus != null && pendingScroll < 0) {
            DeviceTileViewModel wanted = pendingFocus;
            pendingFocus = null;
            tilesOnScreen().stream().filter(tile -> tile.model() == wanted).findFirst()
                    .ifPresent(DeviceTile::requestFocus);
        }
    }

    /**
     * With rows of different heights the list places a far row by estimate and may land short of it; each pass
     * measures more rows, so scrolling again from there gets it on screen within a few passes.
     */
    private void settleScroll() {
        if (!(rows.lookup(".virtual-flow") instanceof VirtualFlow<?> flow)) {
            return;
        }
        IndexedCell<?> first = flow.getFirstVisibleCell();
        IndexedCell<?> last = flow.getLastVisibleCell();
        boolean onScreen = first != null && last != null && first.getIndex() <= pendingScroll
                && pendingScroll <= last.getIndex();
        if (onScreen || --scrollAttempts <= 0) {
            pendingScroll = -1;
        } else {
            flow.scrollTo(pendingScroll);
            requestLayout();
        }
    }

    private void cutIfNeeded() {
        int fit = Math.max(1, (int) ((getWidth() - RESERVED_WIDTH + GAP) / (TILE_WIDTH + GAP)));
        if (dirty || fit != columns) {
            columns = fit;
            dirty = false;
            cutRows();
        }
    }

    /** Re-cuts the rows, replacing only those that changed so the cells of the others keep their tiles. */
    private void cutRows() {
        List<TileRow> next = new ArrayList<>(shown.size() / columns + 1);
        for (int from = 0; from < shown.size(); from += columns) {
            next.add(new TileRow(shown.subList(from, Math.min(shown.size(), from + columns))));
        }
        ObservableList<TileRow> items = rows.getItems();
        int common = Math.min(items.size(), next.size());
        for (int i = 0; i < common; i++) {
            if (!items.get(i).equals(next.get(i))) {
                items.set(i, next.get(i));
            }
        }
        if (next.size() > common) {
            items.addAll(next.subList(common, next.size()));
        } else if (items.size() > common) {
            items.remove(common, items.size());
        }
    }

    /** Scrolls so that {@code tile}'s row is on screen. */
    void scrollTo(DeviceTileViewModel tile) {
        // The rows may be due for a re-cut (the list changed since the last layout pass).
        cutIfNeeded();
        int index = shown.indexOf(tile);
        if (index >= 0) {
            pendingScroll = index / columns;
            scrollAttempts = 10;
            rows.scrollTo(pendingScroll);
            requestLayout();
        }
    }

    /** Scrolls to {@code tile} and gives its tile node the keyboard focus once it is on screen. */
    void focus(DeviceTileViewModel tile) {
        pendingFocus = tile;
        scrollTo(tile);
        requestLayout();
    }

    /** How many tiles a row holds at the current width. */
    int columns() {
        cutIfNeeded();
        return columns;
    }

    /** The tiles on screen, for tests and the benchmark: never more than the rows that fit. */
    List<DeviceTile> tilesOnScreen() {
        List<DeviceTile> onScreen = new ArrayList<>();
        for (Node node : rows.lookupAll(".device-tile")) {
            if (node instanceof DeviceTile tile && tile.model() != null && tile.isVisible()) {
                onScreen.add(tile);
            }
        }
        return onScreen;
    }

    /** A row of tiles; keeps its tile nodes and rebinds them to whatever devices its row holds. */
    private static final class RowCell extends ListCell<TileRow> {
        private final Supplier<DeviceTile> factory;
        private final TileRepaints repaints;
        private final List<DeviceTile> tiles = new ArrayList<>();
        private final HBox box = new HBox(GAP);

        RowCell(Supplier<DeviceTile> factory, TileRepaints repaints) {
            this.factory = factory;
            this.repaints = repaints;
            getStyleClass().add("tile-row");
            box.getStyleClass().add("tile-row-box");
            // The list parks cells out of sight (invisible) for reuse, and measures rows in an invisible cell: those
            // keep their tiles bound, for the right height, but neither draw nor answer to a device's id.
            visibleProperty().addListener((obs, old, visible) -> tiles.forEach(tile -> tile.park(!visible)));
            // The row box stays this cell's graphic, empty or not. The list measures rows it has not shown yet in a
            // spare cell, emptying it after each one: taking the box out and putting it back made JavaFX restyle
            // every node of its tiles from scratch, and that was most of the FX thread's time with 1,000 devices.
            setGraphic(box);
        }

        @Override
        protected void updateItem(TileRow row, boolean empty) {
            super.updateItem(row, empty);
            setText(null);
            bind(empty ? null : row);
        }

        private void bind(TileRow row) {
            // An empty cell keeps its tiles in the box, unbound and hidden, for the same reason the box stays the
            // graphic: nodes taken out and put back are restyled from scratch.
            box.setVisible(row != null);
            if (row == null) {
                tiles.forEach(tile -> tile.show(null));
                return;
            }
            int count = row.tiles().size();
            while (tiles.size() < count) {
                DeviceTile tile = factory.get();
                tile.paintThrough(repaints);
                tile.park(!isVisible());
                tiles.add(tile);
            }
            for (int i = 0; i < tiles.size(); i++) {
                tiles.get(i).show(i < count ? row.tiles().get(i) : null);
            }
            if (box.getChildren().size() != count) {
                box.getChildren().setAll(tiles.subList(0, count));
            }
        }
    }
}
