package io.fleetdeck.console.cli;

import io.fleetdeck.console.broker.auth.BrokerAccounts;
import io.fleetdeck.console.broker.auth.MosquittoConfigException;
import io.fleetdeck.console.broker.auth.MosquittoConfigFiles;
import io.fleetdeck.console.broker.auth.MosquittoSecurityConfig;
import io.fleetdeck.console.runtime.DataDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code fleetdeck broker-config --mosquitto DIR}: lets an external Mosquitto enforce the same roles as the embedded
 * broker, from the console's own accounts (the console role and every adopted device). Rerun after each adoption.
 *
 * <p>The accounts come through the function given to the constructor, so this command needs no knowledge of where
 * the console keeps them; the launcher supplies the real store.
 */
@Command(name = "broker-config",
        description = "Write passwd, acl and fleetdeck.conf for an external Mosquitto 2.0, so it admits only this "
                + "console and its adopted devices, each to its own topics. Rerun after adopting devices.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:files written", "2:the accounts could not be read or a file could not be written"})
public final class BrokerConfigCommand implements Callable<Integer> {
    static final int WRITTEN = 0;
    static final int CANNOT_WRITE = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Option(names = "--mosquitto", paramLabel = "DIR", required = true,
            description = "Directory for passwd, acl and fleetdeck.conf, e.g. /etc/mosquitto/fleetdeck; created "
                    + "if missing. Nothing else should live there: mosquitto reads every *.conf in it.")
    private Path mosquitto;

    @Option(names = {"--data-dir", "--data"}, paramLabel = "DIR",
            description = "The console's data directory, whose accounts are written (default: ${DEFAULT-VALUE}).")
    private Path data = DataDirectory.xdgDefault();

    @Option(names = "--owner", paramLabel = "USER",
            description = "Give the files to this user: the one mosquitto runs as (\"mosquitto\" when systemd "
                    + "starts it as root). Needs root.")
    private String owner;

    private final Function<Path, BrokerAccounts> accounts;

    /** Reads the accounts from the console's data directory: its broker secret and the adopted devices' pins. */
    public BrokerConfigCommand() {
        this(io.fleetdeck.console.trust.FleetAccounts::fromDataDirectory);
    }

    /** @param accounts reads the broker accounts of the console whose data directory it is given */
    public BrokerConfigCommand(Function<Path, BrokerAccounts> accounts) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BrokerAccounts read;
        try {
            read = accounts.apply(data);
        } catch (RuntimeException e) {
            // Whatever the store throws: the operator needs its message and the directory, not a stack trace.
            err.println("fleetdeck broker-config: cannot read the broker accounts in " + data + ": "
                    + e.getMessage());
            return CANNOT_WRITE;
        }
        MosquittoConfigFiles files;
        try {
            files = new MosquittoSecurityConfig(mosquitto, Optional.ofNullable(owner)).write(read);
        } catch (MosquittoConfigException e) {
            err.println("fleetdeck broker-config: " + e.getMessage());
            return CANNOT_WRITE;
        }
        print(out, files);
        if (owner == null && "root".equals(System.getProperty("user.name"))) {
            err.println("Note: the files belong to root and are 0600. A mosquitto started as root reads them as its "
                    + "own user (mosquitto) and, unable to, admits nobody: rerun with --owner mosquitto.");
        }
        return WRITTEN;
    }

    private static void print(PrintWriter out, MosquittoConfigFiles files) {
        out.printf("Wrote for the console (user %s) and %d adopted device%s:%n", BrokerAccounts.CONSOLE_USER,
                files.devices(), files.devices() == 1 ? "" : "s");
        out.printf("  %s  user names and password hashes%n", files.passwordFile());
        out.printf("  %s  what each user may publish and receive%n", files.aclFile());
        out.printf("  %s  allow_anonymous false, password_file, acl_file%n", files.snippet());
        out.println();
        out.println("Once: add this line to mosquitto.conf (mosquitto includes directories, not single files),");
        out.println("or link fleetdeck.conf into an include_dir it already reads (Debian: /etc/mosquitto/conf.d):");
        out.println("  " + files.includeLine());
        out.println("Then, and after every later run, make mosquitto re-read the files (clients stay connected):");
        out.println("  systemctl reload mosquitto    # or: kill -HUP $(pidof mosquitto)");
    }
}
