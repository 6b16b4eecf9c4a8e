package io.fleetdeck.console.look;

import io.fleetdeck.common.files.DurableFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code ui-state.properties} in the console's data directory: a small, human-readable file, replaced atomically.
 * Reading never fails the console: a file it cannot parse gives {@link UiState#DEFAULTS}, a value it cannot parse
 * gives that value's default; both are logged. Plain I/O: call it off the FX thread.
 */
public final class UiStateFile {
    public static final String NAME = "ui-state.properties";
    private static final Logger LOG = LoggerFactory.getLogger(UiStateFile.class);
    private static final String DIVIDER = "divider.";

    private final Path file;

    public UiStateFile(Path dataDirectory) {
        this.file = dataDirectory.resolve(NAME);
    }

    public Path path() {
        return file;
    }

    /** The state last saved; defaults when there is none or it cannot be read. */
    public UiState load() {
        Properties p;
        try {
            Optional<Properties> read = DurableFiles.readProperties(file);
            if (read.isEmpty()) {
                return UiState.DEFAULTS;
            }
            p = read.get();
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Ignoring the window state in {} (unreadable: {}); starting with the defaults", file,
                    e.getMessage());
            return UiState.DEFAULTS;
        }
        UiState d = UiState.DEFAULTS;
        Theme theme = Theme.named(p.getProperty("theme")).orElseGet(() -> {
            warnIfSet(p, "theme");
            return d.theme();
        });
        Optional<WindowBounds> window = bounds(p);
        Map<String, List<Double>> dividers = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(DIVIDER)) {
                positions(key, p.getProperty(key)).ifPresent(at -> dividers.put(key.substring(DIVIDER.length()), at));
            }
        }
        String view = p.getProperty("view", "tiles");
        if (!view.equals("tiles") && !view.equals("table")) {
            warn("view", view);
        }
        String tab = p.getProperty("tab", "").strip();
        String selection = p.getProperty("selection", "").strip();
        return new UiState(theme, window, Boolean.parseBoolean(p.getProperty("window.maximized")), dividers,
                view.equals("table"), tab.isEmpty() ? Optional.empty() : Optional.of(tab),
                p.getProperty("filter", ""),
                selection.isEmpty() ? List.of() : Arrays.stream(selection.split(",")).map(String::strip)
                        .filter(id -> !id.isEmpty()).toList());
    }

    /** Replaces the file with {@code state}. */
    public void save(UiState state) {
        Properties p = new Properties();
        p.setProperty("theme", state.theme().name());
        state.window().ifPresent(w -> {
            p.setProperty("window.x", Double.toString(w.x()));
            p.setProperty("window.y", Double.toString(w.y()));
            p.setProperty("window.width", Double.toString(w.width()));
            p.setProperty("window.height", Double.toString(w.height()));
        });
        p.setProperty("window.maximized", Boolean.toString(state.maximized()));
        state.dividers().forEach((pane, at) -> p.setProperty(DIVIDER + pane,
                String.join(",", at.stream().map(String::valueOf).toList())));
        p.setProperty("view", state.tableShown() ? "table" : "tiles");
        state.tab().ifPresent(tab -> p.setProperty("tab", tab));
        p.setProperty("filter", state.filter());
        p.setProperty("selection", String.join(",", state.selection()));
        try {
            DurableFiles.replace(file, p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the window state to " + file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<WindowBounds> bounds(Properties p) {
        if (p.getProperty("window.width") == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new WindowBounds(Double.parseDouble(p.getProperty("window.x", "")),
                    Double.parseDouble(p.getProperty("window.y", "")),
                    Double.parseDouble(p.getProperty("window.width", "")),
                    Double.parseDouble(p.getProperty("window.height", ""))));
        } catch (IllegalArgumentException e) {
            warn("window", e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<List<Double>> positions(String key, String value) {
        List<Double> at = new ArrayList<>();
        try {
            for (String one : value.split(",")) {
                double position = Double.parseDouble(one.strip());
                if (!(position >= 0 && position <= 1)) {
                    warn(key, value);
                    return Optional.empty();
                }
                at.add(position);
            }
        } catch (NumberFormatException e) {
            warn(key, value);
            return Optional.empty();
        }
        return Optional.of(at);
    }

    private static void warnIfSet(Properties p, String key) {
        if (p.getProperty(key) != null) {
            warn(key, p.getProperty(key));
        }
    }

    private static void warn(String key, String value) {
        LOG.warn("Ignoring {} = '{}' in the window state: not a value the console understands", key, value);
    }
}
