package io.fleetdeck.console.look;

import javafx.scene.Scene;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCombination;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one list of the console's keyboard shortcuts. The window's accelerators and menu items are bound from it and
 * the help overlay (F1) is drawn from it, so what the help says is what the keys do. FX thread only.
 */
public final class Shortcuts {
    private final Map<String, Shortcut> byId = new LinkedHashMap<>();
    private final Map<String, Runnable> actions = new LinkedHashMap<>();

    /** Registers an accelerator the window runs. */
    public Shortcut bind(String id, String group, KeyCombination keys, String description, Runnable action) {
        Shortcut shortcut = new Shortcut(id, group, Optional.of(keys), keys.getDisplayText(), description);
        add(shortcut);
        actions.put(id, action);
        return shortcut;
    }

    /** Lists keys a view handles itself ({@code keys} when it is one combination), so the help shows them too. */
    public Shortcut document(String id, String group, String keyText, String description) {
        Shortcut shortcut = new Shortcut(id, group, Optional.empty(), keyText, description);
        add(shortcut);
        return shortcut;
    }

    /** As {@link #document(String, String, String, String)} for a single combination a view matches itself. */
    public Shortcut document(String id, String group, KeyCombination keys, String description) {
        return document(id, group, keys.getDisplayText(), description);
    }

    private void add(Shortcut shortcut) {
        if (byId.containsKey(shortcut.id())) {
            throw new IllegalArgumentException("shortcut " + shortcut.id() + " is registered twice");
        }
        shortcut.keys().flatMap(keys -> byId.values().stream()
                .filter(other -> other.keys().equals(shortcut.keys())).findFirst()).ifPresent(other -> {
                    throw new IllegalArgumentException(shortcut.keyText() + " is already " + other.id());
                });
        byId.put(shortcut.id(), shortcut);
    }

    /** Every entry in the order registered. */
    public List<Shortcut> all() {
        return new ArrayList<>(byId.values());
    }

    public Optional<Shortcut> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Puts every accelerator on {@code scene}. */
    public void install(Scene scene) {
        for (Shortcut shortcut : byId.values()) {
            Runnable action = actions.get(shortcut.id());
            shortcut.keys().ifPresent(keys -> scene.getAccelerators().put(keys, action));
        }
    }

    /** A menu item running shortcut {@code id}, showing its keys. */
    public MenuItem menuItem(String id, String text) {
        Shortcut shortcut = get(id).orElseThrow(() -> new IllegalArgumentException("no shortcut " + id));
        MenuItem item = new MenuItem(text);
        item.setId("menu-" + id);
        shortcut.keys().ifPresent(item::setAccelerator);
        Runnable action = actions.get(id);
        item.setOnAction(event -> action.run());
        return item;
    }

    /** Runs shortcut {@code id}'s action, as its keys would. */
    public void run(String id) {
        Runnable action = actions.get(id);
        if (action == null) {
            throw new IllegalArgumentException("no action for shortcut " + id);
        }
        action.run();
    }
}
