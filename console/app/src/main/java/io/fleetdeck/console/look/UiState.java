package io.fleetdeck.console.look;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the console remembers of how the operator left it: theme, window, split-pane dividers, tiles or table, the
 * rollout tab, the filter and the selected devices (lead first). Plain values; {@link UiStateFile} reads and writes
 * them.
 *
 * @param window    where the window was when not maximized; empty at first start
 * @param dividers  divider positions (0..1) per split pane, by the pane's name
 * @param tab       the id of the selected rollout tab; empty for the first
 * @param selection device ids, the lead (whose charts were open) first
 */
public record UiState(Theme theme, Optional<WindowBounds> window, boolean maximized, Map<String, List<Double>> dividers,
                      boolean tableShown, Optional<String> tab, String filter, List<String> selection) {
    public static final UiState DEFAULTS = new UiState(Theme.LIGHT, Optional.empty(), false, Map.of(), false,
            Optional.empty(), "", List.of());

    public UiState {
        dividers = dividers.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                entry -> List.copyOf(entry.getValue())));
        selection = List.copyOf(selection);
    }

    public UiState withTheme(Theme next) {
        return new UiState(next, window, maximized, dividers, tableShown, tab, filter, selection);
    }
}
