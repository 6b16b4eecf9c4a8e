package io.fleetdeck.daemon;

import io.fleetdeck.daemon.config.ConfigException;
import io.fleetdeck.daemon.config.DaemonConfig;
import io.fleetdeck.daemon.config.DaemonConfigLoader;
import io.fleetdeck.daemon.identity.AdoptedConsole;
import io.fleetdeck.daemon.identity.ConsolePinException;
import io.fleetdeck.daemon.identity.DeviceIdResolver;
import io.fleetdeck.daemon.identity.DeviceIdentity;
import io.fleetdeck.daemon.identity.DeviceKey;
import io.fleetdeck.daemon.identity.IdentityException;
import io.fleetdeck.daemon.ota.PairingState;
import io.fleetdeck.daemon.ota.TrustedKeys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code fleetdeckd status --config FILE}: what a technician at the device needs to adopt it safely: its id, the
 * fingerprint of its key (to compare with what the console's Adopt dialog shows), which console adopted it, and, while
 * none has, its pairing code. Reads the state directory; run it as the user the daemon runs as ({@code fleetdeckd}
 * under the shipped unit: {@code sudo -u fleetdeckd fleetdeckd status …}).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show this device's id, key fingerprint, adopting console and, until adopted, its pairing code.")
final class StatusCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "Config file (Java properties), e.g. /etc/fleetdeckd/fleetdeckd.properties.")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            DaemonConfig loaded = new DaemonConfigLoader().load(config);
            Path state = loaded.stateDir();
            DeviceIdentity identity = new DeviceIdResolver(loaded.procfsRoot(), state, new SecureRandom())
                    .resolve(loaded.deviceId());
            DeviceKey key = DeviceKey.loadOrCreate(state);
            TrustedKeys keys = new TrustedKeys(state, loaded.ota().trustedKeysDir());
            Optional<AdoptedConsole> console = AdoptedConsole.load(state);
            out.printf("device      %s%n", identity.id());
            out.printf("device key  %s%n", key.fingerprint());
            if (!keys.files().isEmpty()) {
                out.printf("adopted by  %s%n", console.map(c -> c.consoleId() + " (key " + c.key() + ")")
                        .orElse("a console key provisioned in " + loaded.ota().trustedKeysDir()
                                .map(Path::toString).orElse(keys.adoptedDirectory().toString())));
                out.println("pairing     not needed: adopted");
            } else {
                out.println("adopted by  nobody yet");
                out.printf("pairing     %s   (type it into the console's Adopt dialog)%n",
                        new PairingState(state, System::currentTimeMillis).code().display());
            }
            out.flush();
            return FleetdeckDaemon.EXIT_OK;
        } catch (ConfigException | IdentityException | ConsolePinException | IOException e) {
            err.println("fleetdeckd status: " + e.getMessage());
            err.flush();
            return FleetdeckDaemon.EXIT_CONFIG;
        }
    }
}
