package io.fleetdeck.daemon;

import io.fleetdeck.daemon.cli.ExitCodes;
import io.fleetdeck.daemon.ota.ImageHttpClient;
import io.fleetdeck.simulator.cli.SimImageCommand;
import io.fleetdeck.simulator.cli.SimulateCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code fleetdeckd}: the Fleetdeck device daemon. {@code run} manages the real device it runs on; {@code simulate}
 * runs a fleet of virtual devices in one JVM for demos and benchmarks.
 *
 * <p>Exit codes: {@link ExitCodes}.
 */
@Command(name = "fleetdeckd", mixinStandardHelpOptions = true, versionProvider = FleetdeckDaemon.Version.class,
        description = "Fleetdeck device daemon: publishes a Raspberry Pi's sensors over MQTT v5.",
        subcommands = {RunCommand.class, StatusCommand.class, SimulateCommand.class, SimImageCommand.class, CommandLine.HelpCommand.class})
public final class FleetdeckDaemon implements Runnable {
    public static final int EXIT_OK = ExitCodes.OK;
    public static final int EXIT_FAILURE = ExitCodes.FAILURE;
    public static final int EXIT_USAGE = ExitCodes.USAGE;
    public static final int EXIT_RESTART = ExitCodes.RESTART;
    public static final int EXIT_CONFIG = ExitCodes.CONFIG;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        ImageHttpClient.configureReadBuffer();
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for tests that want exit codes without exiting. */
    public static CommandLine commandLine() {
        return new CommandLine(new FleetdeckDaemon())
                .setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_FAILURE)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say which: run --config FILE, or simulate");
    }

    /** The version from the jar manifest, or {@code dev} when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = FleetdeckDaemon.class.getPackage().getImplementationVersion();
            return new String[]{"fleetdeckd " + (v != null ? v : "dev")};
        }
    }
}
