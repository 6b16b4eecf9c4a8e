package io.fleetdeck.console.look;

import javafx.scene.input.KeyCombination;

import java.util.Optional;

/**
 * One entry of the console's keyboard map: an accelerator the window runs ({@code keys} present), or a key a view
 * handles itself and the help only describes (arrow keys in the tile grid).
 *
 * @param id          stable name, used for the help overlay's row ids
 * @param group       the heading it is listed under
 * @param keys        the accelerator, when the window runs it
 * @param keyText     how the help writes the keys
 * @param description what it does, as the help says it
 */
public record Shortcut(String id, String group, Optional<KeyCombination> keys, String keyText, String description) {
}
