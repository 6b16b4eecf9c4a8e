package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.Slot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AntiRollbackTest {
    @TempDir
    Path dir;

    @Test
    void aFreshDeviceHasLevelZero() throws Exception {
        DirectorySlots slots = new DirectorySlots(dir.resolve("slots"), 1 << 20);

        assertThat(new AntiRollback(slots, new SlotVersions(dir)).level()).isZero();
    }

    @Test
    void keepsTheCommittedSlotsLevelAfterThatSlotIsOverwritten() throws Exception {
        DirectorySlots slots = new DirectorySlots(dir.resolve("slots"), 1 << 20);
        SlotVersions versions = new SlotVersions(dir);
        versions.record(Slot.A, "2.0.0", 5);
        AntiRollback antiRollback = new AntiRollback(slots, versions);

        assertThat(antiRollback.level()).isEqualTo(5);
        versions.record(Slot.A, "1.0.0", 1);

        assertThat(antiRollback.level()).as("the floor outlives the slot").isEqualTo(5);
        assertThat(versions.securityFloor()).isEqualTo(5);
    }
}
