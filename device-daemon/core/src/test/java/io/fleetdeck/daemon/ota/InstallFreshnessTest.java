package io.fleetdeck.daemon.ota;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstallFreshnessTest {
    @TempDir
    Path dir;

    @Test
    void remembersTheLastAcceptedExpiryAcrossInstances() throws Exception {
        assertThat(new InstallFreshness(dir).lastAccepted()).isZero();

        new InstallFreshness(dir).record(1_764_000_300_000L);

        assertThat(new InstallFreshness(dir).lastAccepted()).isEqualTo(1_764_000_300_000L);
    }

    @Test
    void reportsAFileThatHoldsNoNumber() throws Exception {
        Files.writeString(dir.resolve(InstallFreshness.FILE), "lastAcceptedExp=soon\\n");

        assertThatThrownBy(() -> new InstallFreshness(dir).lastAccepted()).hasMessageContaining("soon");
    }
}
