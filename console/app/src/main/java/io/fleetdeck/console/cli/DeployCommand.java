package io.fleetdeck.console.cli;

import io.fleetdeck.console.rollout.staged.FailureThreshold;
import io.fleetdeck.console.rollout.staged.StagePlan;
import io.fleetdeck.console.rollout.staged.StagePlanException;
import io.fleetdeck.console.runtime.DataDirectory;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.PairingCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code fleetdeck deploy IMAGE --device ID … | --group NAME}: the window's rollout without a window. Imports and signs
 * with the console's library and key (same data directory), pre-flights, installs, prints every phase of every device,
 * and exits 0 only when every device committed the new firmware. Never starts the JavaFX toolkit.
 *
 * <p>It has no mDNS, so it cannot pin device keys; it leaves the key check to the devices' own pre-flight, and
 * {@code --adopt} offers them the console's key first.
 *
 * <p>This class holds the options and checks them; {@link DeployRun} does the work and {@link DeployPrinter} writes
 * what the terminal shows.
 */
@Command(name = "deploy",
        description = "Import, sign, pre-flight and install a firmware image on devices, without a window. "
                + "Exits 0 only when every device committed the new firmware.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every device committed", "1:a device refused, failed, rolled back or timed out",
                "2:bad arguments, the image was refused, or the broker could not be reached"})
public final class DeployCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE",
            description = "The image file: .img, .img.gz, .img.xz, .img.zst, or .zip holding one .img.")
    private Path image;

    // Not mixinStandardHelpOptions: its --version would collide with the release version below, and picocli then
    // dropped --help as well.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Option(names = "--device", paramLabel = "ID",
            description = "A device to install on; repeatable. Needed unless --group is given.")
    private List<String> devices = new ArrayList<>();

    @Option(names = "--group", paramLabel = "NAME",
            description = "Also install on every device of this saved group (fleetdeck group), as the devices "
                    + "announce themselves within --wait.")
    private String group;

    @Option(names = "--broker", paramLabel = "URL", defaultValue = "tcp://127.0.0.1:1883",
            description = "The MQTT v5 broker the devices use (default: the local console's, ${DEFAULT-VALUE}).")
    private String broker;

    @Option(names = "--broker-ca", paramLabel = "FILE",
            description = "For an ssl:// --broker: trust only this CA certificate (PEM). Default: the console's "
                    + "<data>/tls/ca.pem when it exists.")
    private Path brokerCa;

    @Option(names = "--tls",
            description = "Serve the image over HTTPS with a certificate from the console's CA (<data>/tls/), as a "
                    + "console started with --tls does; devices then download with https://.")
    private boolean tls;

    @Option(names = "--version", paramLabel = "V",
            description = "The version the release promises (default: read from the file name).")
    private String version;

    @Option(names = "--security-version", paramLabel = "N", defaultValue = "0",
            description = "The release's security version: devices that committed a higher one refuse it "
                    + "(ROLLBACK). Raise it with releases that fix a security hole (default: ${DEFAULT-VALUE}).")
    private int securityVersion;

    @Option(names = "--allow-downgrade",
            description = "Let devices go below the security version they committed; each downgrade is logged "
                    + "for the audit.")
    private boolean allowDowngrade;

    @Option(names = {"--data-dir", "--data"}, paramLabel = "DIR",
            description = "The console's data directory: firmware library, job table and operator key "
                    + "(default: ${DEFAULT-VALUE}).")
    private Path data = DataDirectory.xdgDefault();

    @Option(names = "--adopt",
            description = "First offer each device this console's key (cmd/trust-key), as Adopt does in the window, "
                    + "and pin the key it answers with (printed: compare it with fleetdeckd status on the device).")
    private boolean adopt;

    @Option(names = "--pairing-code", paramLabel = "DEVICE=CODE",
            description = "With --adopt: the pairing code a device shows while no console has adopted it "
                    + "(repeatable). Devices whose image carries this console's key need none.")
    private Map<String, String> pairingCodes = new LinkedHashMap<>();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m",
            converter = DurationConverter.class,
            description = "Give up on devices not done after this long (e.g. 90s, 20m, 1h; default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long to wait for the devices' retained info and status (default: ${DEFAULT-VALUE}).")
    private Duration wait;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Address to serve the image on (default: this machine's address toward the broker).")
    private String bind;

    @Option(names = "--image-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port to serve the image on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int imagePort;

    @Option(names = "--stages", paramLabel = "SIZES",
            description = "Install in stages, each a count, a share or rest, e.g. 1,10%,rest (one canary, a tenth, "
                    + "the rest). A stage starts when the one before ended; rest is added when not last.")
    private String stages;

    @Option(names = "--max-parallel", paramLabel = "N",
            description = "At most N installs at once (staged; default with --stages: 1).")
    private Integer maxParallel;

    @Option(names = "--max-failures", paramLabel = "N|P%",
            description = "Pause the rollout when more installs than this failed, a count or a share of those "
                    + "that ended (staged; default: 0, the first failure pauses). A paused rollout stays in the "
                    + "data directory for the window to resume or abort.")
    private String maxFailures;

    // --group NAME belongs here once saved groups exist: it gives the staged rollout its targets
    // (a RolloutTargets over the group's current members) instead of the --device list.

    @Override
    public Integer call() {
        // Before the first logger: log to a file of its own in the data dir, and keep the terminal for phases.
        System.setProperty("fleetdeck.log.dir", data.toAbsolutePath().toString());
        System.setProperty("fleetdeck.log.name", "deploy");
        System.setProperty("fleetdeck.log.console", "WARN");
        DeployPrinter printer = new DeployPrinter(spec.commandLine().getOut(), spec.commandLine().getErr());
        List<DeviceId> targets;
        Map<DeviceId, PairingCode> codes = new LinkedHashMap<>();
        try {
            targets = List.copyOf(new LinkedHashSet<>(devices.stream().map(DeviceId::of).toList()));
            for (Map.Entry<String, String> entry : pairingCodes.entrySet()) {
                codes.put(DeviceId.of(entry.getKey()), PairingCode.parse(entry.getValue()));
            }
        } catch (IllegalArgumentException e) {
            printer.error(e.getMessage());
            return DeployRun.CANNOT_RUN;
        }
        if (securityVersion < 0) {
            printer.error("--security-version must be 0 or more, not " + securityVersion);
            return DeployRun.CANNOT_RUN;
        }
        if (targets.isEmpty() && group == null) {
            printer.error("name the devices (--device ID) or a saved group (--group NAME)");
            return DeployRun.CANNOT_RUN;
        }
        Optional<DeployStages> staged;
        try {
            staged = staged();
        } catch (IllegalArgumentException e) {
            printer.error(e.getMessage());
            return DeployRun.CANNOT_RUN;
        }
        DeployRequest request = new DeployRequest(image, targets, Optional.ofNullable(group), broker,
                Optional.ofNullable(version), data, adopt, timeout, wait, Optional.ofNullable(bind), imagePort,
                securityVersion, allowDowngrade, codes, tls, Optional.ofNullable(brokerCa), staged);
        return new DeployRun(request, printer).run();
    }

    /** Staged when any of the three options is given; the others take their defaults. */
    private Optional<DeployStages> staged() {
        if (stages == null && maxParallel == null && maxFailures == null) {
            return Optional.empty();
        }
        if (maxParallel != null && maxParallel < 1) {
            throw new IllegalArgumentException("--max-parallel must be 1 or more, not " + maxParallel);
        }
        StagePlan plan;
        FailureThreshold threshold;
        try {
            plan = stages == null ? StagePlan.single() : StagePlan.parse(stages);
        } catch (StagePlanException e) {
            throw new IllegalArgumentException("--stages " + e.getMessage(), e);
        }
        try {
            threshold = maxFailures == null ? FailureThreshold.none() : FailureThreshold.parse(maxFailures);
        } catch (StagePlanException e) {
            throw new IllegalArgumentException("--max-failures " + e.getMessage(), e);
        }
        return Optional.of(new DeployStages(plan, maxParallel == null ? 1 : maxParallel, threshold));
    }
}
