package io.fleetdeck.daemon.ota;

import io.fleetdeck.common.files.DurableFiles;
import io.fleetdeck.model.Slot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectorySlotsTest {
    @TempDir
    Path dir;

    private DirectorySlots slots() throws IOException {
        return new DirectorySlots(dir, 1 << 20);
    }

    /** A new DirectorySlots on the same directory: what a restarted daemon process sees. */
    private DirectorySlots restart() throws IOException {
        return slots();
    }

    private void writeImage(SlotStore store, Slot slot) throws IOException {
        try (FileChannel channel = store.openForWrite(slot)) {
            channel.write(ByteBuffer.wrap(new byte[]{1, 2, 3}));
        }
    }

    @Test
    void aFreshDirectoryBootsSlotAAndOffersSlotB() throws Exception {
        DirectorySlots store = slots();
        assertThat(store.state()).isEqualTo(SlotState.factory());
        assertThat(store.boot()).isEqualTo(new BootResult(Slot.A, false, Optional.empty()));
        assertThat(store.inactive()).isEqualTo(Slot.B);
    }

    @Test
    void neverOpensTheCommittedSlotForWriting() throws Exception {
        DirectorySlots store = slots();
        assertThatThrownBy(() -> store.openForWrite(Slot.A)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.file(Slot.A)).doesNotExist();
    }

    @Test
    void aMarkedSlotBootsOnceOnTrialAndCommitMakesItTheFallback() throws Exception {
        DirectorySlots store = slots();
        writeImage(store, Slot.B);
        store.markTrying(Slot.B);
        assertThat(store.state().trying()).contains(Slot.B);

        BootResult trial = restart().boot();
        assertThat(trial).isEqualTo(new BootResult(Slot.B, true, Optional.empty()));
        assertThatThrownBy(() -> restart().openForWrite(Slot.B)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> restart().inactive()).isInstanceOf(IllegalStateException.class);

        restart().commit();
        SlotState committed = restart().state();
        assertThat(committed.active()).isEqualTo(Slot.B);
        assertThat(committed.committed()).isEqualTo(Slot.B);
        assertThat(committed.trying()).isEmpty();
        assertThat(restart().boot()).isEqualTo(new BootResult(Slot.B, false, Optional.empty()));
        assertThat(restart().inactive()).isEqualTo(Slot.A);
    }

    @Test
    void rollsBackWhenATrialBootIsRestartedWithoutCommit() throws Exception {
        DirectorySlots store = slots();
        writeImage(store, Slot.B);
        store.markTrying(Slot.B);
        assertThat(restart().boot().slot()).isEqualTo(Slot.B);

        // The trial firmware crashed (or was killed) before its health check committed it.
        BootResult after = restart().boot();
        assertThat(after.slot()).isEqualTo(Slot.A);
        assertThat(after.trying()).isFalse();
        assertThat(after.rolledBack()).hasValueSatisfying(reason -> assertThat(reason).contains("slot B"));
        assertThat(restart().state().lastRollback()).isEqualTo(after.rolledBack());
        assertThat(restart().boot().rolledBack()).isEmpty();
        assertThat(restart().inactive()).isEqualTo(Slot.B);
    }

    @Test
    void explicitRollbackReturnsToTheCommittedSlotWithItsReason() throws Exception {
        DirectorySlots store = slots();
        writeImage(store, Slot.B);
        store.markTrying(Slot.B);
        store.boot();
        store.rollback("no sane readings within 60 s");
        assertThat(restart().state())
                .isEqualTo(new SlotState(Slot.A, Slot.A, Optional.empty(), 0, Optional.of("no sane readings within 60 s")));
        assertThat(restart().boot()).isEqualTo(new BootResult(Slot.A, false, Optional.empty()));
    }

    @Test
    void rewritingAMarkedSlotWithdrawsItsTrial() throws Exception {
        DirectorySlots store = slots();
        writeImage(store, Slot.B);
        store.markTrying(Slot.B);
        writeImage(store, Slot.B);
        assertThat(restart().boot()).isEqualTo(new BootResult(Slot.A, false, Optional.empty()));
    }

    @Test
    void refusesCommitWithoutTrialAndTrialOfAnEmptyOrCommittedSlot() throws Exception {
        DirectorySlots store = slots();
        assertThatThrownBy(store::commit).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.rollback("why")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.markTrying(Slot.B)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.markTrying(Slot.A)).isInstanceOf(IllegalArgumentException.class);
        writeImage(store, Slot.B);
        store.markTrying(Slot.B);
        // Marked but not yet booted: not running on trial, so nothing to commit yet.
        assertThatThrownBy(store::commit).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void ignoresALeftoverTempFileOfAnInterruptedStateWrite() throws Exception {
        DirectorySlots store = slots();
        writeImage(store, Slot.B);
        store.markTrying(Slot.B);
        // A kill -9 between writing the temp file and the rename leaves a torn temp file beside the real one.
        Files.writeString(DurableFiles.temporaryFor(dir.resolve(DirectorySlots.STATE_FILE)), "active=B\ncommi");
        assertThat(restart().boot()).isEqualTo(new BootResult(Slot.B, true, Optional.empty()));
        restart().commit();
        assertThat(restart().state().committed()).isEqualTo(Slot.B);
        assertThat(DurableFiles.temporaryFor(dir.resolve(DirectorySlots.STATE_FILE))).doesNotExist();
    }

    @Test
    void leavesNoTempFileAndAWholeStateFileAfterEachTransition() throws Exception {
        DirectorySlots store = slots();
        writeImage(store, Slot.B);
        store.markTrying(Slot.B);
        store.boot();
        store.commit();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("slot-b.img", DirectorySlots.STATE_FILE);
        }
        assertThat(Files.readString(dir.resolve(DirectorySlots.STATE_FILE)))
                .contains("active=B", "committed=B", "attempts=0");
    }

    @Test
    void refusesToGuessFromAStateFileSomeoneElseEdited() throws Exception {
        Files.writeString(dir.resolve(DirectorySlots.STATE_FILE), "active=C\n");
        assertThatThrownBy(() -> slots().boot()).isInstanceOf(IOException.class).hasMessageContaining("slots.properties");
    }

    @Test
    void reportsTheConfiguredCapacity() throws Exception {
        assertThat(slots().capacity(Slot.B)).isEqualTo(1 << 20);
        assertThat(slots().writableBytes(Slot.B)).isLessThanOrEqualTo(1 << 20).isPositive();
    }
}
