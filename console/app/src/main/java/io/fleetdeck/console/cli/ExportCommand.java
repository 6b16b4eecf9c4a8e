package io.fleetdeck.console.cli;

import io.fleetdeck.console.export.ExportCancelledException;
import io.fleetdeck.console.export.ExportFormat;
import io.fleetdeck.console.export.ExportRequest;
import io.fleetdeck.console.export.ExportResult;
import io.fleetdeck.console.export.HistoryExport;
import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.ReadOnlyHistory;
import io.fleetdeck.console.runtime.DataDirectory;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Identifiers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * {@code fleetdeck export}: stored readings of any devices, sensors and time range as CSV or JSON Lines, into a file
 * or standard output, streaming. It opens the history read-only, so it runs beside a running console; progress goes
 * to standard error, so standard output can carry the data.
 */
@Command(name = "export",
        description = "Export stored readings as CSV (device,sensor,ts_ms,time_utc,value) or JSON Lines. Reads the "
                + "console's history read-only: it can run while the console does.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:exported", "1:the history could not be read or the output written (the cause is printed)",
                "2:bad arguments"})
public final class ExportCommand implements Callable<Integer> {
    static final int EXPORTED = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Option(names = {"--data-dir", "--data"}, paramLabel = "DIR",
            description = "The console's data directory, whose fleetdeck.db is read (default: ${DEFAULT-VALUE}).")
    private Path data = DataDirectory.xdgDefault();

    @Option(names = "--device", paramLabel = "ID",
            description = "A device to export; repeatable (default: every device that sent a description).")
    private List<String> devices = new ArrayList<>();

    @Option(names = "--sensor", paramLabel = "SENSOR",
            description = "A sensor id to export of each device; repeatable (default: all of each device's).")
    private List<String> sensors = new ArrayList<>();

    @Option(names = "--from", paramLabel = "TIME",
            description = "First time, inclusive: now, -30m, -1h, -7d, 2026-11-01T08:00:00Z, 2026-11-01T08:00 or "
                    + "2026-11-01 (local zone), or epoch ms (default: the oldest reading).")
    private String from;

    @Option(names = "--to", paramLabel = "TIME",
            description = "Last time, inclusive, in the same forms as --from (default: the newest reading).")
    private String to;

    @Option(names = "--format", paramLabel = "csv|jsonl", defaultValue = "csv",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE|-", defaultValue = "-",
            description = "Where to write: a file, replaced only once the export is complete, or - for standard "
                    + "output (default: ${DEFAULT-VALUE}).")
    private String output;

    private final Clock clock;
    private final Supplier<OutputStream> standardOutput;

    public ExportCommand() {
        // The raw descriptor, not a PrintStream: the export is bytes, buffered by the export itself.
        this(Clock.systemDefaultZone(), () -> new FileOutputStream(FileDescriptor.out));
    }

    /**
     * @param clock          what "now" and the local zone are for --from and --to
     * @param standardOutput where "-" writes; the command flushes it and never closes it
     */
    public ExportCommand(Clock clock, Supplier<OutputStream> standardOutput) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.standardOutput = Objects.requireNonNull(standardOutput, "standardOutput");
    }

    @Override
    public Integer call() {
        // Before the first logger: the log goes to a file of its own, and nothing to the terminal, whose standard
        // output may be the export itself.
        System.setProperty("fleetdeck.log.dir", data.toAbsolutePath().toString());
        System.setProperty("fleetdeck.log.name", "export");
        System.setProperty("fleetdeck.log.console", "OFF");
        if (output.equals("-")) {
            // Logback prints its own status messages (e.g. a second logback.xml on a development class path) to
            // standard output, which here is the data.
            System.setProperty("logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener");
        }
        PrintWriter err = spec.commandLine().getErr();
        ExportRequest request;
        try {
            request = request();
        } catch (IllegalArgumentException e) {
            err.println("fleetdeck export: " + e.getMessage());
            spec.commandLine().usage(err);
            return USAGE;
        }
        Path file = data.resolve(HistorySettings.FILE_NAME);
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread exporting = Thread.currentThread();
        Thread onCtrlC = new Thread(() -> {
            // Ctrl-C: let the export stop at its next check and remove its temporary file before the JVM exits.
            cancelled.set(true);
            try {
                exporting.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "export-cancel");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try (ReadOnlyHistory history = ReadOnlyHistory.open(file)) {
            warnAboutUnknownDevices(history, request, err);
            ExportProgressPrinter progress = new ExportProgressPrinter(err, System::nanoTime);
            HistoryExport export = new HistoryExport(history);
            ExportResult result;
            if (output.equals("-")) {
                result = export.toStream(request, standardOutput.get(), progress, cancelled::get);
            } else {
                result = export.toFile(request, Path.of(output), progress, cancelled::get);
            }
            err.printf("Exported %,d readings of %d sensor%s to %s in %.1f s%n", result.readings(), result.sensors(),
                    result.sensors() == 1 ? "" : "s",
                    result.file().map(Path::toString).orElse("standard output"), progress.elapsedSeconds());
            return EXPORTED;
        } catch (ExportCancelledException e) {
            err.println("fleetdeck export: " + e.getMessage() + (output.equals("-") ? "" : "; no file written"));
            return FAILED;
        } catch (RuntimeException e) {
            // Every failure of the history or the output carries its file and cause in its message.
            err.println("fleetdeck export: " + e.getMessage());
            return FAILED;
        } finally {
            err.flush();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it only waits for this thread, which is done
            }
        }
    }

    private ExportRequest request() {
        List<DeviceId> ids = List.copyOf(new LinkedHashSet<>(devices.stream().map(DeviceId::of).toList()));
        for (String sensor : sensors) {
            if (!Identifiers.SENSOR_ID.matcher(sensor).matches()) {
                throw new IllegalArgumentException("not a sensor id: '" + sensor + "'");
            }
        }
        Instant now = clock.instant();
        long fromMs = from == null ? Long.MIN_VALUE : ExportTimes.parse(from, now, clock.getZone());
        long toMs = to == null ? Long.MAX_VALUE : ExportTimes.parse(to, now, clock.getZone());
        if (fromMs > toMs) {
            throw new IllegalArgumentException("--from " + from + " is after --to " + to);
        }
        return new ExportRequest(ids, List.copyOf(new LinkedHashSet<>(sensors)), fromMs, toMs,
                ExportFormat.named(format));
    }

    private static void warnAboutUnknownDevices(ReadOnlyHistory history, ExportRequest request, PrintWriter err) {
        for (DeviceId device : request.devices()) {
            if (history.sensors(device).isEmpty()) {
                err.println("fleetdeck export: warning: no stored readings of device " + device.value());
            }
        }
    }
}
