package io.fleetdeck.daemon;

import io.fleetdeck.daemon.identity.AdoptedConsole;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.PairingCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fleetdeckd status}: what a technician reads off the device to adopt it. */
class StatusCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();

    private int status() throws Exception {
        Path config = Files.writeString(dir.resolve("fleetdeckd.properties"), String.join("\n",
                "device.id = bench-7",
                "device.state-dir = " + dir.resolve("state"),
                "paths.procfs = " + dir.resolve("proc"),
                "paths.sysfs = " + dir.resolve("sys"), ""));
        return FleetdeckDaemon.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter()))
                .execute("status", "--config", config.toString());
    }

    @Test
    void aFreshDeviceShowsItsKeyAndThePairingCodeItKeeps() throws Exception {
        int exit = status();

        assertThat(exit).isZero();
        String code = Files.readString(dir.resolve("state/pairing-code")).strip();
        assertThat(PairingCode.parse(code).display()).isEqualTo(code);
        assertThat(out.toString()).contains("device      bench-7").contains("device key  SHA256:")
                .contains("adopted by  nobody yet").contains("pairing     " + code);
    }

    @Test
    void anAdoptedDeviceNamesItsConsoleAndNoCode() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state/trusted-keys"));
        var key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        Files.writeString(state.resolve("console.pub"), "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        new AdoptedConsole("console-lab", KeyFingerprint.of(key)).save(dir.resolve("state"));

        status();

        assertThat(out.toString()).contains("adopted by  console-lab (key " + KeyFingerprint.of(key) + ")")
                .contains("not needed").doesNotContain("nobody");
        assertThat(dir.resolve("state/pairing-code")).doesNotExist();
    }
}
