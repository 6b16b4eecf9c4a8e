package io.fleetdeck.console.cli;

import io.fleetdeck.console.app.ConsoleCommand;
import io.fleetdeck.console.broker.auth.BrokerAccounts;
import io.fleetdeck.console.broker.auth.FixedAccounts;
import io.fleetdeck.console.broker.auth.PasswordHash;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.mqtt.MosquittoBroker;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code fleetdeck broker-config} run as the launcher would run it, and its printed steps followed on a real
 * mosquitto: the command is only done when an operator who does what it says gets a locked-down broker.
 */
class BrokerConfigCommandTest {
    private static final String CONSOLE_PASSWORD = "console-secret";
    private static final String DEV_A_PASSWORD = "dev-a-secret";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private FixedAccounts accounts;
    private Path root;
    private Path mosquittoDir;

    @BeforeEach
    void directories() throws Exception {
        // Not @TempDir (0700): a mosquitto started as root reads its files as its own user.
        root = Files.createTempDirectory("fleetdeck-broker-config-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        mosquittoDir = root.resolve("mosquitto");
        accounts = new FixedAccounts(PasswordHash.of(CONSOLE_PASSWORD, random),
                Map.of(DeviceId.of("dev-a"), PasswordHash.of(DEV_A_PASSWORD, random)));
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (MqttAsyncClient client : clients) {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(10_000);
            }
            client.close(true);
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void writesTheFilesAndPrintsThemWithTheIncludeLineAndTheReload() {
        int exit = run(data -> accounts, "--mosquitto", mosquittoDir.toString(), "--data", root.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(mosquittoDir.resolve("passwd")).exists();
        assertThat(mosquittoDir.resolve("acl")).exists();
        assertThat(out.toString()).contains("1 adopted device:", mosquittoDir.resolve("passwd").toString(),
                mosquittoDir.resolve("acl").toString(), mosquittoDir.resolve("fleetdeck.conf").toString(),
                "include_dir " + mosquittoDir, "systemctl reload mosquitto", "kill -HUP");
    }

    @Test
    void readsTheAccountsOfTheGivenDataDirectory() {
        AtomicReference<Path> asked = new AtomicReference<>();

        run(data -> {
            asked.set(data);
            return accounts;
        }, "--mosquitto", mosquittoDir.toString(), "--data", root.resolve("console-data").toString());

        assertThat(asked.get()).isEqualTo(root.resolve("console-data"));
    }

    @Test
    void locksDownARunningOpenMosquittoWhenItsPrintedStepsAreFollowed() throws Exception {
        Files.createDirectories(mosquittoDir);
        Path brokerDir = Files.createDirectory(root.resolve("broker"));
        try (MosquittoBroker broker = new MosquittoBroker(brokerDir, MosquittoBroker.Tuning.TESTS,
                List.of("include_dir " + mosquittoDir)).start()) {
            connect(broker, "anonymous-before", null, null);

            List<String> args = new ArrayList<>(List.of("--mosquitto", mosquittoDir.toString()));
            MosquittoBroker.dropsPrivilegesTo().ifPresent(user -> args.addAll(List.of("--owner", user)));
            assertThat(run(data -> accounts, args.toArray(String[]::new))).as(err.toString()).isZero();
            assertThat(out.toString()).contains("include_dir " + mosquittoDir);
            broker.reload();

            Poll.until("anonymous clients refused after the reload", Duration.ofSeconds(10), () -> {
                try {
                    connect(broker, "anonymous-after", null, null);
                    return false;
                } catch (MqttException refused) {
                    return refused.getReasonCode() == 0x87;
                }
            });
            connect(broker, "fleetdeck-test", BrokerAccounts.CONSOLE_USER, CONSOLE_PASSWORD);
            connect(broker, "dev-a", "dev-a", DEV_A_PASSWORD);
            assertThatThrownBy(() -> connect(broker, "dev-a", "dev-a", CONSOLE_PASSWORD))
                    .isInstanceOf(MqttException.class);
            assertThat(broker.log()).doesNotContain("Error");
        }
    }

    @Test
    void exitsTwoWithTheStoresMessageWhenTheAccountsCannotBeRead() {
        int exit = run(data -> {
            throw new IllegalStateException("no broker credentials yet");
        }, "--mosquitto", mosquittoDir.toString(), "--data", root.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("no broker credentials yet", root.toString()).doesNotContain("\tat ");
        assertThat(mosquittoDir).doesNotExist();
    }

    @Test
    void exitsTwoNamingWhatItCouldNotWrite() throws Exception {
        Path notADirectory = Files.writeString(root.resolve("plain-file"), "x");

        int exit = run(data -> accounts, "--mosquitto", notADirectory.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains(notADirectory.toString()).doesNotContain("\tat ");
    }

    @Test
    void needsTheMosquittoDirectory() {
        int exit = run(data -> accounts);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--mosquitto");
    }

    private int run(Function<Path, BrokerAccounts> source, String... args) {
        String[] all = Stream.concat(Stream.of("broker-config"), Stream.of(args)).toArray(String[]::new);
        CommandLine launcher = new CommandLine(new ConsoleCommand());
        // The launcher registers the command reading a data directory; these tests give it accounts directly.
        launcher.getCommandSpec().removeSubcommand("broker-config");
        return launcher.addSubcommand(new BrokerConfigCommand(source))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(all);
    }

    private void connect(MosquittoBroker broker, String clientId, String user, String password)
            throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(broker.url(), clientId, new MemoryPersistence());
        clients.add(client);
        MqttConnectionOptions options = new MqttConnectionOptions();
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        client.connect(options).waitForCompletion(10_000);
    }
}
