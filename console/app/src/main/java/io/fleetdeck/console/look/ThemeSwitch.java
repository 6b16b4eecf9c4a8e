package io.fleetdeck.console.look;

import javafx.application.Application;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Parent;

/**
 * Applies the chosen {@link Theme}: AtlantaFX's stylesheet for the whole application (JavaFX has one user-agent
 * stylesheet per application, so dialogs follow too) and the theme's style class on the window's root. FX thread.
 */
public final class ThemeSwitch {
    private final ObjectProperty<Theme> theme;
    private final Parent root;

    public ThemeSwitch(Parent root, Theme initial) {
        this.root = root;
        this.theme = new SimpleObjectProperty<>(initial);
        theme.addListener((obs, old, now) -> apply(now));
        apply(initial);
    }

    private void apply(Theme now) {
        Application.setUserAgentStylesheet(now.userAgentStylesheet());
        for (Theme any : Theme.values()) {
            root.getStyleClass().remove(any.styleClass());
        }
        root.getStyleClass().add(now.styleClass());
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public void toggle() {
        theme.set(theme.get().other());
    }
}
