package io.fleetdeck.console.cli;

import io.fleetdeck.console.audit.SqliteAuditLog;
import io.fleetdeck.console.export.ExportCancelledException;
import io.fleetdeck.console.history.ReadOnlyHistory;
import io.fleetdeck.console.record.SensorRef;
import io.fleetdeck.console.record.SessionRecordListener;
import io.fleetdeck.console.record.SessionRecordRequest;
import io.fleetdeck.console.record.SessionRecordResult;
import io.fleetdeck.console.record.SessionRecordWriter;
import io.fleetdeck.console.record.StoredSession;
import io.fleetdeck.console.runtime.DataDirectory;
import io.fleetdeck.model.DeviceId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

/**
 * {@code fleetdeck record}: the window's File → Export session record… from a shell: one zip with a time range's
 * operator actions, firmware images, install outcomes and telemetry (CSV and PNG charts) and a summary. Reads the
 * history read-only, so it runs beside a running console; the export is added to the audit log.
 */
@Command(name = "record",
        description = "Write a session record: a zip with summary.md, audit.csv, firmware.csv, installs.csv, and per "
                + "sensor telemetry/<device>/<sensor>.csv and charts/<device>-<sensor>.png, for a time range.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:written", "1:a store could not be read or the zip written (the cause is printed)",
                "2:bad arguments"})
public final class RecordCommand implements Callable<Integer> {
    static final int WRITTEN = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Option(names = {"--data-dir", "--data"}, paramLabel = "DIR",
            description = "The console's data directory (default: ${DEFAULT-VALUE}).")
    private Path data = DataDirectory.xdgDefault();

    @Option(names = "--from", paramLabel = "TIME", required = true,
            description = "Start of the session, inclusive: -8h, -1d, 2026-11-01T08:00:00Z, 2026-11-01T08:00 or "
                    + "2026-11-01 (local zone), or epoch ms.")
    private String from;

    @Option(names = "--to", paramLabel = "TIME", defaultValue = "now",
            description = "End of the session, inclusive, in the same forms (default: ${DEFAULT-VALUE}).")
    private String to;

    @Option(names = "--device", paramLabel = "ID",
            description = "A device whose telemetry goes in; repeatable (default: every device with readings in the "
                    + "range).")
    private List<String> devices = new ArrayList<>();

    @Option(names = "--sensor", paramLabel = "SENSOR",
            description = "A sensor id to take of each device; repeatable (default: all of each device's).")
    private List<String> sensors = new ArrayList<>();

    @Option(names = {"-o", "--out", "--output"}, paramLabel = "FILE.zip", required = true,
            description = "The zip to write; replaced only once complete.")
    private Path output;

    private final Clock clock;

    public RecordCommand() {
        this(Clock.systemDefaultZone());
    }

    /** @param clock what "now" and the local zone are for --from and --to */
    public RecordCommand(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        long fromMs;
        long toMs;
        try {
            Instant now = clock.instant();
            fromMs = ExportTimes.parse(from, now, clock.getZone());
            toMs = ExportTimes.parse(to, now, clock.getZone());
            if (fromMs > toMs) {
                throw new IllegalArgumentException("--from " + from + " is after --to " + to);
            }
        } catch (IllegalArgumentException e) {
            err.println("fleetdeck record: " + e.getMessage());
            spec.commandLine().usage(err);
            return USAGE;
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread writing = Thread.currentThread();
        Thread onCtrlC = new Thread(() -> {
            // Ctrl-C: let the writer stop at its next check and remove its temporary file before the JVM exits.
            cancelled.set(true);
            try {
                writing.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "record-cancel");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        // Logs go to a file of their own in the data directory; the terminal keeps the command's output.
        System.setProperty("fleetdeck.log.dir", data.toAbsolutePath().toString());
        System.setProperty("fleetdeck.log.name", "cli");
        System.setProperty("fleetdeck.log.console", "OFF");
        try (StoredSession stores = new StoredSession(data, clock, SqliteAuditLog.osUser())) {
            SessionRecordRequest request = new SessionRecordRequest(fromMs, toMs, chosen(stores.history()));
            SessionRecordWriter writer = new SessionRecordWriter(stores.sources(), clock, SqliteAuditLog.osUser());
            SessionRecordResult result = writer.write(request, output, SessionRecordListener.NONE, cancelled::get);
            out.printf("Wrote %s: %d actions, %d images, %d installs, %d sensors, %,d readings%n", result.file(),
                    result.actions(), result.images(), result.installs(), result.sensors(), result.readings());
            return WRITTEN;
        } catch (ExportCancelledException e) {
            err.println("fleetdeck record: cancelled; no file written");
            return FAILED;
        } catch (RuntimeException e) {
            // Every failure of a store or of the zip carries its file and cause in its message.
            err.println("fleetdeck record: " + e.getMessage());
            return FAILED;
        } finally {
            out.flush();
            err.flush();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it only waits for this thread, which is done
            }
        }
    }

    /** The sensors --device and --sensor name; none (every sensor with readings) when neither is given. */
    private List<SensorRef> chosen(ReadOnlyHistory history) {
        if (devices.isEmpty() && sensors.isEmpty()) {
            return List.of();
        }
        List<DeviceId> ids = devices.isEmpty() ? history.devices().stream().map(device -> device.id()).toList()
                : List.copyOf(new LinkedHashSet<>(devices.stream().map(DeviceId::of).toList()));
        List<SensorRef> chosen = new ArrayList<>();
        for (DeviceId device : ids) {
            for (String sensor : history.sensors(device)) {
                if (sensors.isEmpty() || sensors.contains(sensor)) {
                    chosen.add(new SensorRef(device, sensor));
                }
            }
        }
        return chosen;
    }
}
