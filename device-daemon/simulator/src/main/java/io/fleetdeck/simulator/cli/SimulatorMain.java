package io.fleetdeck.simulator.cli;

import io.fleetdeck.daemon.cli.ExitCodes;
import io.fleetdeck.daemon.ota.ImageHttpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The simulator on its own class path, without the hardware of {@code fleetdeckd}: what the console's network-lab
 * tests start in a namespace. Same subcommands and options as {@code fleetdeckd simulate} and {@code sim-image}.
 */
@Command(name = "fleetdeck-simulator", mixinStandardHelpOptions = true,
        description = "Virtual Fleetdeck devices and simulated firmware images.",
        subcommands = {SimulateCommand.class, SimImageCommand.class, CommandLine.HelpCommand.class})
public final class SimulatorMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        ImageHttpClient.configureReadBuffer();
        System.exit(new CommandLine(new SimulatorMain())
                .setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException
                        ? ExitCodes.USAGE : ExitCodes.FAILURE)
                .execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say which: simulate or sim-image");
    }
}
