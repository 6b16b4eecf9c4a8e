package io.fleetdeck.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI contract: options, exit codes and messages, without starting anything long-running. */
class FleetdeckDaemonTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return FleetdeckDaemon.commandLine().setErr(new PrintWriter(err)).setOut(new PrintWriter(new StringWriter()))
                .execute(args);
    }

    @Test
    void simulateNeedsDevices() {
        assertThat(run("simulate", "--broker", "tcp://127.0.0.1:1")).isEqualTo(FleetdeckDaemon.EXIT_USAGE);
        assertThat(err.toString()).contains("--devices");
    }

    @Test
    void simulateNamesAnMdnsInterfaceThatDoesNotExist() {
        assertThat(run("simulate", "--devices", "1", "--mdns-interface", "nosuch0")).isEqualTo(FleetdeckDaemon.EXIT_USAGE);
        assertThat(err.toString()).contains("nosuch0").contains("no such interface");
    }

    @Test
    void simulateRefusesAMalformedBrokerUrl() {
        assertThat(run("simulate", "--devices", "2", "--broker", "localhost:1883")).isEqualTo(FleetdeckDaemon.EXIT_USAGE);
        assertThat(err.toString()).contains("tcp://HOST:PORT");
    }

    @Test
    void simulateRefusesARateAboveTheProtocolLimit() {
        assertThat(run("simulate", "--devices", "1", "--broker", "tcp://127.0.0.1:1", "--rate", "500"))
                .isEqualTo(FleetdeckDaemon.EXIT_USAGE);
        assertThat(err.toString()).contains("rate");
    }

    @Test
    void acceptsRepeatedMdnsInterfaceOnBothSubcommands() {
        assertThat(FleetdeckDaemon.commandLine().parseArgs("simulate", "--devices", "1", "--broker",
                "tcp://127.0.0.1:1", "--mdns-interface", "eth0", "--mdns-interface", "wlan0").errors()).isEmpty();
        assertThat(FleetdeckDaemon.commandLine().parseArgs("run", "--config", "x", "--mdns-interface", "eth0")
                .errors()).isEmpty();
    }

    @Test
    void runExitsWithConfigErrorOnABadFile() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.properties"), "broker.url = nope\n");
        assertThat(run("run", "--config", config.toString())).isEqualTo(FleetdeckDaemon.EXIT_CONFIG);
        assertThat(run("run", "--config", dir.resolve("missing").toString())).isEqualTo(FleetdeckDaemon.EXIT_CONFIG);
    }

    @Test
    void runExitsWithConfigErrorOnAnUnusableMdnsInterface() throws Exception {
        Path config = Files.writeString(dir.resolve("ok.properties"), "device.id = t1\ndevice.state-dir = "
                + dir.resolve("state") + "\nsoc.enabled = false\n");
        assertThat(run("run", "--config", config.toString(), "--mdns-interface", "nosuch0"))
                .isEqualTo(FleetdeckDaemon.EXIT_CONFIG);
    }

    @Test
    void simImageWritesAnImageWhoseHeaderNamesVersionAndHealth() throws Exception {
        Path image = dir.resolve("fw-1.2.3.img");
        assertThat(run("sim-image", "--version", "1.2.3", "--out", image.toString(), "--size", "70000",
                "--unhealthy")).isEqualTo(FleetdeckDaemon.EXIT_OK);
        assertThat(Files.size(image)).isEqualTo(70_000);
        assertThat(io.fleetdeck.common.images.SimFirmware.read(image)).contains(
                new io.fleetdeck.common.images.SimFirmware("1.2.3", false));
    }

    @Test
    void simImageRefusesAFileNameThatIsNoImageFormat() {
        assertThat(run("sim-image", "--version", "1.2.3", "--out", dir.resolve("fw.tar").toString()))
                .isEqualTo(FleetdeckDaemon.EXIT_USAGE);
        assertThat(err.toString()).contains("fw.tar").contains(".img.xz");
    }

    @Test
    void withoutASubcommandSaysWhichToChoose() {
        assertThat(run()).isEqualTo(FleetdeckDaemon.EXIT_USAGE);
        assertThat(err.toString()).contains("run --config FILE");
    }
}
