package io.fleetdeck.console.ui;

import javafx.collections.ObservableList;

import java.util.List;

/** Table rows brought up to date in place, so a table keeps its selection and scroll position across refreshes. */
public final class Rows {
    private Rows() {
    }

    /** Makes {@code rows} equal {@code next}, replacing only the rows that changed. FX thread only. */
    public static <T> void update(ObservableList<T> rows, List<T> next) {
        for (int i = 0; i < next.size(); i++) {
            if (i >= rows.size()) {
                rows.addAll(next.subList(i, next.size()));
                break;
            }
            if (!rows.get(i).equals(next.get(i))) {
                rows.set(i, next.get(i));
            }
        }
        if (rows.size() > next.size()) {
            rows.remove(next.size(), rows.size());
        }
    }
}
