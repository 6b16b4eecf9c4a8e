package io.fleetdeck.daemon;

import io.fleetdeck.daemon.ota.ImageHttpClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code fleetdeckd}: the Fleetdeck device daemon. {@code run} manages the real device it runs on; {@code simulate}
 * runs a fleet of virtual devices in one JVM for demos and benchmarks.
 *
 * <p>Exit codes: 0 stopped normally, 1 failed at run time, 2 bad command line, 75 restart me (a firmware update
 * switches slots: systemd restarts on 75 and the daemon boots the slot store first), 78 bad config file (systemd is
 * told not to restart on 78: restarting cannot fix a config).
 */
@Command(name = "fleetdeckd", mixinStandardHelpOptions = true, versionProvider = FleetdeckDaemon.Version.class,
        description = "Fleetdeck device daemon: publishes a Raspberry Pi's sensors over MQTT v5.",
        subcommands = {RunCommand.class, SimulateCommand.class, SimImageCommand.class, CommandLine.HelpCommand.class})
public final class FleetdeckDaemon implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    /** Restart into the slot the store boots next: see {@link io.fleetdeck.daemon.ota.ProcessRestart}. */
    public static final int EXIT_RESTART = io.fleetdeck.daemon.ota.ProcessRestart.EXIT_RESTART;
    /** sysexits.h EX_CONFIG. */
    public static final int EXIT_CONFIG = 78;

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
