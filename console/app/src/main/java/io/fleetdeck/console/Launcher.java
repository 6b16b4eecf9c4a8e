package io.fleetdeck.console;

import io.fleetdeck.console.app.ConsoleCommand;
import picocli.CommandLine;

/**
 * Entry point of {@code fleetdeck.jar}. Not a JavaFX {@code Application} subclass, so the shaded jar starts from the
 * class path without the module-path launcher check.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        int exit = new CommandLine(new ConsoleCommand()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
