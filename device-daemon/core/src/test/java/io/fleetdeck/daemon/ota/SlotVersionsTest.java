package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.Slot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Which version each slot holds, as a restarted daemon reads it back. */
class SlotVersionsTest {
    @TempDir
    Path dir;

    @Test
    void aSlotNeverWrittenHasNoVersion() throws Exception {
        SlotVersions versions = new SlotVersions(dir);
        assertThat(versions.of(Slot.A)).isEmpty();
        assertThat(versions.of(Slot.B)).isEmpty();
    }

    @Test
    void eachSlotKeepsItsOwnVersionAcrossInstances() throws Exception {
        new SlotVersions(dir).record(Slot.B, "2.0.0");
        new SlotVersions(dir).record(Slot.A, "3.0.0");
        new SlotVersions(dir).record(Slot.B, "4.0.0");

        SlotVersions reread = new SlotVersions(dir);
        assertThat(reread.of(Slot.A)).contains("3.0.0");
        assertThat(reread.of(Slot.B)).contains("4.0.0");
    }

    @Test
    void aBlankEntryCountsAsNoVersion() throws Exception {
        Files.writeString(dir.resolve(SlotVersions.FILE), "A=\nB=  \n");
        assertThat(new SlotVersions(dir).of(Slot.A)).isEmpty();
        assertThat(new SlotVersions(dir).of(Slot.B)).isEmpty();
    }

    @Test
    void recordingLeavesOnlyTheFileItself() throws Exception {
        new SlotVersions(dir).record(Slot.B, "2.0.0");
        try (Stream<Path> files = Files.list(dir)) {
            // The temp file of the replace-by-rename is gone: nothing half-written lies around for a reader.
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(SlotVersions.FILE);
        }
    }

    @Test
    void keepsEachSlotsSecurityVersionBesideItsVersionAndAFloorThatOnlyRises() throws Exception {
        SlotVersions versions = new SlotVersions(dir);
        versions.record(Slot.B, "2.0.0", 4);
        versions.raiseSecurityFloor(4);
        versions.raiseSecurityFloor(2);

        SlotVersions reread = new SlotVersions(dir);
        assertThat(reread.of(Slot.B)).contains("2.0.0");
        assertThat(reread.securityVersion(Slot.B)).isEqualTo(4);
        assertThat(reread.securityVersion(Slot.A)).isZero();
        assertThat(reread.securityFloor()).isEqualTo(4);
        reread.record(Slot.B, "1.0.0");
        assertThat(reread.securityVersion(Slot.B)).isZero();
    }
}
