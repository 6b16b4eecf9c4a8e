package io.fleetdeck.console.cli;

import io.fleetdeck.console.audit.AuditEntry;
import io.fleetdeck.console.audit.AuditExport;
import io.fleetdeck.console.audit.AuditFormat;
import io.fleetdeck.console.runtime.DataDirectory;
import io.fleetdeck.console.storage.FleetDatabaseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code fleetdeck audit}: the audit log of operator actions (who, when, what, outcome) as CSV or JSON, on standard
 * output or into a file. Reads {@code fleet.db}; runs beside a running console.
 */
@Command(name = "audit", description = "Export the audit log of operator actions as CSV or JSON.",
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:exported", "1:the log could not be read or the output written", "2:bad arguments"})
public final class AuditCommand implements Callable<Integer> {
    static final int EXPORTED = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = {"--data-dir", "--data"}, paramLabel = "DIR",
            description = "The console's data directory, whose fleet.db holds the log (default: ${DEFAULT-VALUE}).")
    private Path data = DataDirectory.xdgDefault();

    @Option(names = "--format", paramLabel = "csv|json", defaultValue = "csv",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = "--since", paramLabel = "TIME",
            description = "Only entries at or after: -1h, -7d, 2026-11-01T08:00:00Z, 2026-11-01 (local zone), or "
                    + "epoch ms (default: all).")
    private String since;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE|-", defaultValue = "-",
            description = "Where to write: a file or - for standard output (default: ${DEFAULT-VALUE}).")
    private String output;

    private final Clock clock;

    public AuditCommand() {
        this(Clock.systemDefaultZone());
    }

    /** @param clock what "now" and the local zone are for --since */
    public AuditCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        AuditFormat chosen;
        Optional<Instant> from;
        try {
            chosen = AuditFormat.valueOf(format.toUpperCase(Locale.ROOT));
            from = since == null ? Optional.empty()
                    : Optional.of(Instant.ofEpochMilli(ExportTimes.parse(since, clock.instant(), clock.getZone())));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("fleetdeck audit: " + e.getMessage() + " (--format is csv or json;"
                    + " --since e.g. -1h or 2026-11-01)");
            return USAGE;
        }
        try (FleetStoreAccess store = new FleetStoreAccess(data, clock)) {
            List<AuditEntry> entries = store.audit().entries(from);
            if (output.equals("-")) {
                AuditExport.write(entries, chosen, spec.commandLine().getOut());
            } else {
                AuditExport.writeFile(entries, chosen, Path.of(output));
                spec.commandLine().getErr().println(entries.size() + " entries written to " + output);
            }
            return EXPORTED;
        } catch (FleetDatabaseException | IOException e) {
            spec.commandLine().getErr().println("fleetdeck audit: " + e.getMessage());
            return FAILED;
        }
    }
}
