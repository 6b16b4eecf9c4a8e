package io.fleetdeck.console.look;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;

import java.util.Locale;
import java.util.Optional;

/**
 * The console's two looks: AtlantaFX's Primer light or dark user-agent stylesheet under our own
 * {@code fleetdeck.css}, which reads its colours from the Primer palette and adds a style class per theme for what
 * the palette does not cover (ChartFX axes and grids).
 */
public enum Theme {
    LIGHT("Light", "theme-light", new PrimerLight().getUserAgentStylesheet()),
    DARK("Dark", "theme-dark", new PrimerDark().getUserAgentStylesheet());

    private final String label;
    private final String styleClass;
    private final String userAgentStylesheet;

    Theme(String label, String styleClass, String userAgentStylesheet) {
        this.label = label;
        this.styleClass = styleClass;
        this.userAgentStylesheet = userAgentStylesheet;
    }

    /** What the View → Theme menu calls it. */
    public String label() {
        return label;
    }

    /** The class the scene's root carries while this theme is on. */
    public String styleClass() {
        return styleClass;
    }

    /** The AtlantaFX stylesheet, as a resource URL string for {@code Application.setUserAgentStylesheet}. */
    public String userAgentStylesheet() {
        return userAgentStylesheet;
    }

    /** The other one: what the toggle shortcut switches to. */
    public Theme other() {
        return this == LIGHT ? DARK : LIGHT;
    }

    /** The theme named {@code name} (case-insensitive) as written in the state file, if it is one. */
    public static Optional<Theme> named(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
