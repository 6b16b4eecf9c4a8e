package io.fleetdeck.daemon.tryboot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs a fake {@code reboot} from a temp directory put first on the search path: the real one is never reached. */
class TrybootRebooterTest {
    @TempDir
    Path dir;

    private Path fakeReboot(String body) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path script = bin.resolve("reboot");
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private TrybootRebooter rebooter(Path bin) {
        return new TrybootRebooter(TrybootRebooter.processRunner(bin + ":/usr/bin:/bin"), Duration.ofSeconds(20));
    }

    private static final String RECORD_ARGS = "printf '%s\\n' \"$#\" \"$@\" > \"$(dirname \"$0\")/../args\"\n";

    @Test
    void aTrialRebootPassesZeroTrybootAsOneArgument() throws Exception {
        rebooter(fakeReboot(RECORD_ARGS)).rebootToTrial();
        assertThat(Files.readString(dir.resolve("args"))).isEqualTo("1\n0 tryboot\n");
    }

    @Test
    void aPlainRebootPassesNoArgument() throws Exception {
        rebooter(fakeReboot(RECORD_ARGS)).rebootNormally();
        assertThat(Files.readString(dir.resolve("args"))).isEqualTo("0\n");
    }

    @Test
    void aRefusedRebootReportsItsExitCodeAndWhatItSaid() throws Exception {
        Path bin = fakeReboot("echo 'Failed to connect to bus' >&2\nexit 1\n");
        assertThatThrownBy(() -> rebooter(bin).rebootToTrial()).isInstanceOfSatisfying(TrybootRebootException.class,
                e -> {
                    assertThat(e.exitCode()).isEqualTo(1);
                    assertThat(e.command()).containsExactly("reboot", "0 tryboot");
                    assertThat(e.getMessage()).contains("exited with 1", "Failed to connect to bus");
                });
    }

    @Test
    void aMissingRebootCommandNamesTheSearchPath() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        TrybootRebooter rebooter = new TrybootRebooter(TrybootRebooter.processRunner(empty.toString()),
                Duration.ofSeconds(5));
        assertThatThrownBy(rebooter::rebootNormally).isInstanceOfSatisfying(TrybootRebootException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(-1);
            assertThat(e.getMessage()).contains("not found on PATH " + empty);
        });
    }

    @Test
    void aHangingRebootIsGivenUpAfterTheTimeout() throws Exception {
        Path bin = fakeReboot("exec sleep 30\n");
        TrybootRebooter rebooter = new TrybootRebooter(TrybootRebooter.processRunner(bin + ":/usr/bin:/bin"),
                Duration.ofMillis(300));
        assertThatThrownBy(rebooter::rebootToTrial).isInstanceOf(TrybootRebootException.class)
                .hasMessageContaining("did not finish within");
    }
}
