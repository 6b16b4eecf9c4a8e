package io.fleetdeck.console.cli;

import io.fleetdeck.console.app.ConsoleCommand;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code fleetdeck …} as the launcher does and keeps what it printed. */
final class FleetCli {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        return new CommandLine(new ConsoleCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
    }
}
