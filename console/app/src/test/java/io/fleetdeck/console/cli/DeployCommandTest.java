package io.fleetdeck.console.cli;

import io.fleetdeck.console.app.ConsoleCommand;
import io.fleetdeck.console.broker.EmbeddedBrokerExtension;
import io.fleetdeck.console.firmware.OperatorKey;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.testkit.mqtt.ScriptedDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fleetdeck deploy} run as the launcher runs it, against a real HiveMQ and scripted devices that answer and
 * install as the protocol says; its exit code is the contract scripts rely on.
 */
class DeployCommandTest {
    private static final String PI4 = "Raspberry Pi 4 Model B Rev 1.4";
    private static final AtomicInteger IDS = new AtomicInteger();

    @RegisterExtension
    static final EmbeddedBrokerExtension broker = new EmbeddedBrokerExtension();

    @TempDir
    Path dir;

    private Path data;
    private Path image;
    private final List<ScriptedDevice> devices = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void image() throws Exception {
        data = dir.resolve("data");
        byte[] raw = new byte[200_000];
        new Random(9).nextBytes(raw);
        image = Files.write(dir.resolve("fleetdeck-3.1.0.img"), raw);
    }

    @AfterEach
    void stop() throws Exception {
        for (ScriptedDevice device : devices) {
            device.forget();
            device.close();
        }
    }

    @Test
    void exitsZeroWhenEveryDeviceCommittedAndPrintsEachPhase() throws Exception {
        ScriptedDevice first = device();
        ScriptedDevice second = device();

        int exit = deploy(image.toString(), "--device", first.id().value(), "--device", second.id().value(),
                "--adopt");

        assertThat(exit).as(out + "\n" + err).isEqualTo(0);
        String printed = out.toString();
        for (ScriptedDevice device : List.of(first, second)) {
            assertThat(device.firmware()).isEqualTo("3.1.0");
            assertThat(printed).contains(device.id().value());
            assertThat(lines(printed, device.id())).anyMatch(line -> line.contains("TRUSTS-KEY"))
                    .anyMatch(line -> line.contains("PREFLIGHT-OK")).anyMatch(line -> line.contains("DOWNLOADING"))
                    .anyMatch(line -> line.contains("HEALTH_CHECK"))
                    .anyMatch(line -> line.contains(" COMMITTED ") || line.contains("COMMITTED  "));
        }
        assertThat(printed).contains("COMMITTED  " + first.id()).contains("COMMITTED  " + second.id());
        // Signed with the console's key in the data dir, which the devices now trust.
        assertThat(first.trustedKeys()).containsExactly(OperatorKey.loadOrCreate(data).fingerprint());
    }

    @Test
    void exitsNonZeroWithTheReasonOfEachFailingDevice() throws Exception {
        ScriptedDevice good = device();
        ScriptedDevice full = device();
        full.refuse(Commands.PREFLIGHT, InstallFailure.NO_SPACE, "needs 200000 bytes, 10 free");
        ScriptedDevice broken = device();
        broken.refuse(Commands.INSTALL, InstallFailure.SLOT_IO_FAILED, "slot B is read-only");

        int exit = deploy(image.toString(), "--device", good.id().value(), "--device", full.id().value(),
                "--device", broken.id().value(), "--adopt");

        assertThat(exit).isEqualTo(1);
        String printed = out.toString();
        assertThat(printed).contains("COMMITTED  " + good.id());
        assertThat(printed).contains("FAILED     " + full.id() + ": NO_SPACE: needs 200000 bytes, 10 free");
        assertThat(printed).contains("FAILED     " + broken.id() + ": FAILED: SLOT_IO_FAILED: slot B is read-only");
        assertThat(full.received()).doesNotContain(Commands.INSTALL);
    }

    @Test
    void withoutAdoptADeviceThatDoesNotTrustTheKeyIsRefused() throws Exception {
        ScriptedDevice stranger = device();

        int exit = deploy(image.toString(), "--device", stranger.id().value());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("REFUSED").contains("FAILED     " + stranger.id() + ": UNKNOWN_KEY");
        assertThat(stranger.received()).containsExactly(Commands.PREFLIGHT);
    }

    @Test
    void anUnknownDeviceFailsWithItsReasonWhileTheOthersInstall() throws Exception {
        ScriptedDevice known = device();

        int exit = deploy(image.toString(), "--device", "pi-nowhere", "--device", known.id().value(), "--adopt",
                "--wait", "300ms");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("FAILED     pi-nowhere: ").contains("COMMITTED  " + known.id());
    }

    @Test
    void noKnownModelMeansNoReleaseAndExitsTwo() {
        int exit = deploy(image.toString(), "--device", "pi-nowhere", "--wait", "100ms");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("names no board model");
    }

    @Test
    void aFileThatIsNoImageExitsTwoWithTheCause() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "not firmware");

        int exit = deploy(notes.toString(), "--device", "pi-any", "--wait", "100ms");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("notes.txt").contains("UNSUPPORTED_FORMAT");
    }

    @Test
    void anUnreachableBrokerExitsTwo() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        int exit = new CommandLine(new DeployCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(image.toString(), "--device", "pi-any", "--broker", "tcp://127.0.0.1:" + port,
                        "--data-dir", data.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("cannot reach the broker tcp://127.0.0.1:" + port);
    }

    @Test
    void isASubcommandOfTheConsoleLauncher() {
        CommandLine launcher = new CommandLine(new ConsoleCommand());

        assertThat(launcher.getSubcommands()).containsKey("deploy");
        assertThat(new DurationConverter().convert("90s")).hasSeconds(90);
        assertThat(new DurationConverter().convert("PT20M")).hasMinutes(20);
    }

    @Test
    void helpPrintsTheUsageAndExitsZeroWithoutAnImage() {
        int exit = new CommandLine(new ConsoleCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute("deploy", "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Usage: fleetdeck deploy").contains("--device=ID").contains("-h, --help")
                .contains("--stages=SIZES").contains("--max-parallel=N").contains("--max-failures=N|P%");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void signsTheReleaseAtTheGivenSecurityVersionAndAsksForADowngradeOnlyWhenTold() throws Exception {
        ScriptedDevice device = device();

        int exit = deploy(image.toString(), "--device", device.id().value(), "--adopt", "--security-version", "3",
                "--allow-downgrade");

        assertThat(exit).as(out + "\n" + err).isEqualTo(0);
        assertThat(device.installs()).hasSize(1);
        assertThat(device.installs().getFirst().manifest().manifest().securityVersion()).isEqualTo(3);
        assertThat(device.installs().getFirst().allowDowngrade()).isTrue();
    }

    @Test
    void deploysOnTheMembersOfASavedGroupAndAuditsAdoptionAndStart() throws Exception {
        ScriptedDevice canary = device();
        ScriptedDevice other = device();
        FleetCli setup = new FleetCli();
        assertThat(setup.run("tag", "add", canary.id().value(), "canary", "--data", data.toString())).isZero();
        assertThat(setup.run("group", "save", "canaries", "--tag", "canary", "--model", "Raspberry Pi 4",
                "--data", data.toString())).as(setup.err.toString()).isZero();

        // A group's members are whoever announced themselves by the end of --wait, which is always sat out; the
        // devices' retained info is on this loopback broker before deploy starts, so 2 s is ample (default 5 s).
        int exit = deploy(image.toString(), "--group", "canaries", "--adopt", "--wait", "2s");

        assertThat(exit).as(out + "\n" + err).isEqualTo(0);
        assertThat(out.toString()).contains("group canaries: 1 device: " + canary.id().value());
        assertThat(canary.installs()).hasSize(1);
        assertThat(other.installs()).isEmpty();
        FleetCli audit = new FleetCli();
        assertThat(audit.run("audit", "--data", data.toString())).isZero();
        String user = System.getProperty("user.name");
        assertThat(audit.out.toString())
                .contains("," + user + ",ADOPT," + canary.id().value() + ",\"by deploy --adopt; it trusts key")
                .contains("," + user + ",ROLLOUT_START," + canary.id().value() + ",version 3.1.0");
        assertThat(audit.out.toString().lines().filter(line -> line.contains(",ROLLOUT_START,")))
                .singleElement().asString().endsWith(",SUCCEEDED");
    }

    @Test
    void stagedOnASavedGroupTakesItsMembersStageByStageAndAuditsEachStep() throws Exception {
        List<ScriptedDevice> tagged = List.of(device(), device());
        ScriptedDevice other = device();
        FleetCli setup = new FleetCli();
        for (ScriptedDevice device : tagged) {
            assertThat(setup.run("tag", "add", device.id().value(), "canary", "--data", data.toString())).isZero();
        }
        assertThat(setup.run("group", "save", "canaries", "--tag", "canary", "--data", data.toString()))
                .as(setup.err.toString()).isZero();

        // --wait is sat out for a group (see above).
        int exit = deploy(image.toString(), "--group", "canaries", "--adopt", "--stages", "1,rest", "--wait", "2s");

        assertThat(exit).as(out + "\n" + err).isEqualTo(0);
        assertThat(out.toString()).containsPattern("DONE +2 committed, 0 failed, 0 skipped");
        for (ScriptedDevice device : tagged) {
            assertThat(device.firmware()).isEqualTo("3.1.0");
        }
        assertThat(other.installs()).isEmpty();
        FleetCli audit = new FleetCli();
        assertThat(audit.run("audit", "--data", data.toString())).isZero();
        assertThat(audit.out.toString()).contains(",STAGED_START,").contains(",STAGED_STAGE,")
                .contains(",STAGED_DONE,");
    }

    @Test
    void anUnknownGroupExitsTwo() {
        int exit = deploy(image.toString(), "--group", "nobody", "--wait", "100ms");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("no saved group \"nobody\"");
    }

    @Test
    void aNegativeSecurityVersionExitsTwo() {
        int exit = deploy(image.toString(), "--device", "pi-nowhere", "--security-version", "-1");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--security-version");
    }

    @Test
    void stagedInstallsTheCanaryFirstAndPausesAtItsFailureWithoutTouchingTheRest() throws Exception {
        ScriptedDevice canary = device();
        canary.refuse(Commands.INSTALL, InstallFailure.SLOT_IO_FAILED, "slot B is read-only");
        ScriptedDevice second = device();
        ScriptedDevice third = device();

        int exit = deploy(image.toString(), "--device", canary.id().value(), "--device", second.id().value(),
                "--device", third.id().value(), "--adopt", "--stages", "1,rest", "--max-parallel", "2",
                "--max-failures", "0");

        assertThat(exit).as(out + "\n" + err).isEqualTo(1);
        String printed = out.toString();
        assertThat(printed).containsPattern("STAGE-STARTED +stage 1 of 2 \\(1\\): " + canary.id().value() + "\n");
        assertThat(printed).containsPattern("PAUSED +" + canary.id().value() + ": FAILED: SLOT_IO_FAILED: slot B is "
                + "read-only");
        assertThat(printed).contains("FAILED     " + second.id() + ": not started: rollout paused (" + canary.id());
        for (ScriptedDevice later : List.of(second, third)) {
            assertThat(later.received()).doesNotContain(Commands.INSTALL, Commands.PREFLIGHT);
            assertThat(later.firmware()).isEqualTo("3.0.0");
        }
    }

    @Test
    void stagedGoesStageByStageToTheEndAndExitsZero() throws Exception {
        List<ScriptedDevice> four = List.of(device(), device(), device(), device());
        List<String> args = new ArrayList<>(List.of(image.toString(), "--adopt", "--stages", "1,50%",
                "--max-parallel", "2", "--max-failures", "25%"));
        four.forEach(device -> args.addAll(List.of("--device", device.id().value())));

        int exit = deploy(args.toArray(String[]::new));

        assertThat(exit).as(out + "\n" + err).isEqualTo(0);
        String printed = out.toString();
        assertThat(printed).contains("stage 1 of 3 (1): " + four.get(0).id().value() + "\n")
                .contains("stage 2 of 3 (50%): " + four.get(1).id().value() + ", " + four.get(2).id().value() + "\n")
                .contains("stage 3 of 3 (rest): " + four.get(3).id().value() + "\n")
                .containsPattern("DONE +4 committed, 0 failed, 0 skipped");
        for (ScriptedDevice device : four) {
            assertThat(device.firmware()).isEqualTo("3.1.0");
            assertThat(printed).contains("COMMITTED  " + device.id());
        }
    }

    @Test
    void stagedOptionsThatCannotBeReadExitTwoNamingTheOption() {
        assertThat(deploy(image.toString(), "--device", "pi-any", "--stages", "1,ten")).isEqualTo(2);
        assertThat(err.toString()).contains("--stages 'ten'");
        assertThat(deploy(image.toString(), "--device", "pi-any", "--max-failures", "lots")).isEqualTo(2);
        assertThat(err.toString()).contains("--max-failures 'lots'");
        assertThat(deploy(image.toString(), "--device", "pi-any", "--max-parallel", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--max-parallel must be 1 or more");
    }

    private int deploy(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--broker", broker.url(), "--data-dir", data.toString(), "--timeout", "60s"));
        return new CommandLine(new ConsoleCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(prepend("deploy", all));
    }

    private static String[] prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray(String[]::new);
    }

    private ScriptedDevice device() throws Exception {
        ScriptedDevice device = ScriptedDevice.connect(broker.url(),
                DeviceId.of("pi-deploy-" + IDS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime())), PI4,
                "3.0.0");
        devices.add(device);
        return device;
    }

    private static List<String> lines(String printed, DeviceId device) {
        return printed.lines().filter(line -> line.startsWith(device.value())).toList();
    }
}
