package io.fleetdeck.daemon.tryboot;

import io.fleetdeck.common.files.DurableFiles;
import io.fleetdeck.daemon.ota.BootResult;
import io.fleetdeck.daemon.ota.SlotState;
import io.fleetdeck.daemon.ota.SlotStore;
import io.fleetdeck.model.Slot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A card laid out as docs/pi-image.md says ({@link TrybootCard}): plain files stand in for the partitions, a fixture
 * device tree for /proc/device-tree, and {@link TrybootCard#powerOn} plays the bootloader by reading autoboot.txt.
 */
class TrybootSlotsTest {
    static final int BOOT_BYTES = TrybootCard.BOOT_BYTES;
    static final int ROOT_BYTES = TrybootCard.ROOT_BYTES;
    static final String DOCUMENTED_AUTOBOOT = TrybootCard.DOCUMENTED_AUTOBOOT;

    @TempDir
    Path dir;
    TrybootCard card;

    @BeforeEach
    void freshCard() throws IOException {
        card = new TrybootCard(dir);
    }

    /** A slot image as the docs describe it: a FAT boot file system padded to the boot partition, then an ext4 root. */
    static byte[] slotImage(int bootPart, long fatBytes, int rootPart, long seed) {
        return TrybootCard.slotImage(bootPart, fatBytes, rootPart, seed);
    }

    static byte[] slotImage(long seed) {
        return slotImage(BOOT_BYTES, BOOT_BYTES, 100 * 1024, seed);
    }

    static void write(SlotStore store, Slot slot, byte[] image) throws IOException {
        try (FileChannel channel = store.openForWrite(slot)) {
            ByteBuffer buffer = ByteBuffer.wrap(image);
            long at = 0;
            while (buffer.hasRemaining()) {
                // Odd-sized writes, as a download delivers them, so some straddle the boot/root boundary.
                ByteBuffer piece = buffer.slice(buffer.position(), Math.min(4099, buffer.remaining()));
                int n = channel.write(piece, at);
                at += n;
                buffer.position(buffer.position() + n);
            }
            channel.force(true);
        }
    }

    private void markTrialOfB() throws IOException {
        TrybootSlots store = card.slots();
        write(store, Slot.B, slotImage(1));
        store.markTrying(Slot.B);
    }

    @Test
    void aFreshCardRunsSlotAAndOffersSlotB() throws Exception {
        TrybootSlots store = card.slots();
        assertThat(store.state()).isEqualTo(SlotState.factory());
        assertThat(store.boot()).isEqualTo(new BootResult(Slot.A, false, Optional.empty()));
        assertThat(store.inactive()).isEqualTo(Slot.B);
        assertThat(store.capacity(Slot.B)).isEqualTo(BOOT_BYTES + ROOT_BYTES);
        assertThat(store.writableBytes(Slot.B)).isEqualTo(BOOT_BYTES + ROOT_BYTES);
    }

    @Test
    void markingATrialPointsTheTrybootSectionAtTheSlotsBootPartition() throws Exception {
        TrybootSlots store = card.slots();
        store.openForWrite(Slot.B).close();
        // While B is being written, even a hand-typed tryboot starts the committed slot.
        assertThat(card.autobootText()).isEqualTo("[all]\ntryboot_a_b=1\nboot_partition=2\n[tryboot]\nboot_partition=2\n");

        write(store, Slot.B, slotImage(1));
        store.markTrying(Slot.B);
        assertThat(card.autobootText()).isEqualTo(DOCUMENTED_AUTOBOOT);
        assertThat(card.slots().state().trying()).contains(Slot.B);
    }

    @Test
    void aTrybootBootOfTheMarkedSlotRunsItOnTrial() throws Exception {
        markTrialOfB();
        card.powerOn(true);
        assertThat(card.bootedPartition()).isEqualTo(3);

        assertThat(card.slots().boot()).isEqualTo(new BootResult(Slot.B, true, Optional.empty()));
        // The daemon restarting within the same boot does not end the trial; the bootloader's fallback still holds.
        assertThat(card.slots().boot()).isEqualTo(new BootResult(Slot.B, true, Optional.empty()));
        assertThat(card.slots().state()).isEqualTo(new SlotState(Slot.B, Slot.A, Optional.of(Slot.B), 1,
                Optional.empty()));
        assertThatThrownBy(() -> card.slots().inactive()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> card.slots().markTrying(Slot.B)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void commitMakesTheTrialSlotTheDefaultBootPartition() throws Exception {
        markTrialOfB();
        card.powerOn(true);
        card.slots().boot();
        card.slots().commit();

        assertThat(card.autobootText()).isEqualTo("[all]\ntryboot_a_b=1\nboot_partition=3\n[tryboot]\nboot_partition=3\n");
        assertThat(card.slots().state()).isEqualTo(new SlotState(Slot.B, Slot.B, Optional.empty(), 0, Optional.empty()));
        card.powerOn(false);
        assertThat(card.bootedPartition()).isEqualTo(3);
        assertThat(card.slots().boot()).isEqualTo(new BootResult(Slot.B, false, Optional.empty()));
        assertThat(card.slots().inactive()).isEqualTo(Slot.A);
        // A stray tryboot now also starts the committed slot.
        card.powerOn(true);
        assertThat(card.slots().boot()).isEqualTo(new BootResult(Slot.B, false, Optional.empty()));
    }

    @Test
    void aCrashDuringTheTrialBootsTheCommittedSlotAndIsReportedAsRollback() throws Exception {
        markTrialOfB();
        card.powerOn(true);
        assertThat(card.slots().boot().trying()).isTrue();

        // Power cut, kernel panic or watchdog: the flag was cleared, so the bootloader starts [all]'s partition.
        card.powerOn(false);
        assertThat(card.bootedPartition()).isEqualTo(2);
        BootResult after = card.slots().boot();
        assertThat(after.slot()).isEqualTo(Slot.A);
        assertThat(after.trying()).isFalse();
        assertThat(after.rolledBack()).hasValueSatisfying(reason -> assertThat(reason).contains("slot B"));
        assertThat(card.slots().state().lastRollback()).isEqualTo(after.rolledBack());
        assertThat(card.autobootText()).contains("[tryboot]\nboot_partition=2");
        assertThat(card.slots().boot().rolledBack()).isEmpty();
        assertThat(card.slots().inactive()).isEqualTo(Slot.B);
    }

    @Test
    void explicitRollbackHoldsUntilThePlainReboot() throws Exception {
        markTrialOfB();
        card.powerOn(true);
        card.slots().boot();
        card.slots().rollback("no sane readings within 60 s");

        SlotState rolledBack = new SlotState(Slot.A, Slot.A, Optional.empty(), 0,
                Optional.of("no sane readings within 60 s"));
        assertThat(card.slots().state()).isEqualTo(rolledBack);
        assertThat(card.autobootText()).contains("[tryboot]\nboot_partition=2");
        // B still runs until the reboot: a restarted daemon must neither re-try it nor hand it out for writing, and
        // is told to do the reboot the rollback's daemon did not get to.
        assertThat(card.slots().boot()).isEqualTo(new BootResult(Slot.A, false, Optional.empty(), true));
        assertThat(card.slots().state()).isEqualTo(rolledBack);
        assertThatThrownBy(() -> card.slots().openForWrite(Slot.B)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> card.slots().inactive()).isInstanceOf(IllegalStateException.class);

        card.powerOn(false);
        assertThat(card.slots().boot()).isEqualTo(new BootResult(Slot.A, false, Optional.empty()));
        assertThat(card.slots().inactive()).isEqualTo(Slot.B);
    }

    @Test
    void aMarkedSlotWaitsForTheTrybootReboot() throws Exception {
        markTrialOfB();
        assertThat(card.slots().boot()).isEqualTo(new BootResult(Slot.A, false, Optional.empty()));
        card.powerOn(false);
        assertThat(card.slots().boot()).isEqualTo(new BootResult(Slot.A, false, Optional.empty()));
        assertThat(card.slots().state().trying()).contains(Slot.B);

        card.powerOn(true);
        assertThat(card.slots().boot()).isEqualTo(new BootResult(Slot.B, true, Optional.empty()));
    }

    @Test
    void rewritingAMarkedSlotWithdrawsItsTrial() throws Exception {
        markTrialOfB();
        write(card.slots(), Slot.B, slotImage(2));
        assertThat(card.slots().state().trying()).isEmpty();
        assertThat(card.autobootText()).contains("[tryboot]\nboot_partition=2");

        card.powerOn(true);
        assertThat(card.bootedPartition()).isEqualTo(2);
        assertThat(card.slots().boot()).isEqualTo(new BootResult(Slot.A, false, Optional.empty()));
    }

    @Test
    void neverOpensTheRunningOrCommittedSlotForWriting() throws Exception {
        assertThatThrownBy(() -> card.slots().openForWrite(Slot.A)).isInstanceOf(IllegalArgumentException.class);
        markTrialOfB();
        card.powerOn(true);
        card.slots().boot();
        assertThatThrownBy(() -> card.slots().openForWrite(Slot.A)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> card.slots().openForWrite(Slot.B)).isInstanceOf(IllegalArgumentException.class);

        card.slots().commit();
        assertThatThrownBy(() -> card.slots().openForWrite(Slot.B)).isInstanceOf(IllegalArgumentException.class);
        // A is neither committed nor running once B is committed and booted normally.
        card.powerOn(false);
        card.slots().openForWrite(Slot.A).close();
    }

    @Test
    void writesTheImageAcrossTheSlotsBootAndRootPartitions() throws Exception {
        byte[] image = slotImage(7);
        write(card.slots(), Slot.B, image);

        assertThat(Arrays.copyOf(Files.readAllBytes(card.device(3)), BOOT_BYTES))
                .isEqualTo(Arrays.copyOfRange(image, 0, BOOT_BYTES));
        assertThat(Arrays.copyOf(Files.readAllBytes(card.device(6)), image.length - BOOT_BYTES))
                .isEqualTo(Arrays.copyOfRange(image, BOOT_BYTES, image.length));
        assertThat(Files.size(card.device(3))).isEqualTo(BOOT_BYTES);
        assertThat(Files.readAllBytes(card.device(2))).containsOnly(0);
        assertThat(Files.readAllBytes(card.device(5))).containsOnly(0);

        ByteBuffer back = ByteBuffer.allocate(image.length);
        try (FileChannel channel = card.slots().openForRead(Slot.B)) {
            while (back.hasRemaining() && channel.read(back) > 0) {
                // read until the buffer is full
            }
        }
        assertThat(back.array()).isEqualTo(image);
    }

    @Test
    void refusesToMarkAnImageCutForAnotherLayout() throws Exception {
        String before = card.autobootText();
        TrybootSlots store = card.slots();
        write(store, Slot.B, slotImage(BOOT_BYTES / 2, BOOT_BYTES / 2, 100 * 1024, 3));
        assertThatThrownBy(() -> store.markTrying(Slot.B)).isInstanceOf(TrybootImageException.class)
                .hasMessageContaining("exactly " + BOOT_BYTES + " bytes");

        write(store, Slot.B, slotImage(BOOT_BYTES, 2L * BOOT_BYTES, 100 * 1024, 4));
        assertThatThrownBy(() -> store.markTrying(Slot.B)).isInstanceOf(TrybootImageException.class)
                .hasMessageContaining("built for another layout");

        assertThat(card.slots().state().trying()).isEmpty();
        assertThat(card.autobootText()).isNotEqualTo(before).contains("[tryboot]\nboot_partition=2");
    }

    @Test
    void aFailedAutobootRewriteLeavesTheOldFileWholeAndNoTrial() throws Exception {
        TrybootSlots store = card.slots();
        write(store, Slot.B, slotImage(1));
        String before = card.autobootText();
        // Something in the way of the temp file makes the write fail before the rename, as a full FAT would.
        Path blocker = Files.createDirectories(DurableFiles.temporaryFor(card.autoboot()));
        Files.writeString(blocker.resolve("x"), "x");

        assertThatThrownBy(() -> store.markTrying(Slot.B)).isInstanceOf(IOException.class);
        assertThat(card.autobootText()).isEqualTo(before);
        assertThat(card.slots().state().trying()).isEmpty();

        Files.delete(blocker.resolve("x"));
        Files.delete(blocker);
        card.slots().markTrying(Slot.B);
        assertThat(card.autobootText()).isEqualTo(DOCUMENTED_AUTOBOOT);
        try (var files = Files.list(card.bootsel)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("autoboot.txt");
        }
    }

    @Test
    void ignoresATornTempFileOfAnInterruptedRewrite() throws Exception {
        TrybootSlots store = card.slots();
        write(store, Slot.B, slotImage(1));
        // A power cut between writing the temp file and the rename leaves half a file beside the real one.
        Files.writeString(DurableFiles.temporaryFor(card.autoboot()), "[all]\ntryboot_a_b=1\nboot_part");
        assertThat(card.slots().boot()).isEqualTo(new BootResult(Slot.A, false, Optional.empty()));

        card.slots().markTrying(Slot.B);
        assertThat(card.autobootText()).isEqualTo(DOCUMENTED_AUTOBOOT);
        assertThat(DurableFiles.temporaryFor(card.autoboot())).doesNotExist();
    }

    @Test
    void aCommitCutBeforeItsStateFileIsCompletedAtTheNextBoot() throws Exception {
        markTrialOfB();
        card.powerOn(true);
        card.slots().boot();
        // commit() writes autoboot.txt first; the cut comes before the state file.
        new TrybootAutoboot(3, 3).write(card.autoboot());

        card.powerOn(false);
        assertThat(card.slots().boot()).isEqualTo(new BootResult(Slot.B, false, Optional.empty()));
        assertThat(card.slots().state()).isEqualTo(new SlotState(Slot.B, Slot.B, Optional.empty(), 0, Optional.empty()));
        assertThat(Files.readString(card.stateDir.resolve(TrybootSlots.STATE_FILE))).doesNotContain("trying");
    }

    @Test
    void anUnmarkedTrybootIsHealthCheckedAsATrial() throws Exception {
        write(card.slots(), Slot.B, slotImage(1));
        // Someone points [tryboot] at B by hand and types reboot "0 tryboot".
        Files.writeString(card.autoboot(), DOCUMENTED_AUTOBOOT);
        card.powerOn(true);
        assertThat(card.slots().boot()).isEqualTo(new BootResult(Slot.B, true, Optional.empty()));
        card.slots().rollback("not ours");
        card.powerOn(false);
        assertThat(card.slots().boot()).isEqualTo(new BootResult(Slot.A, false, Optional.empty()));
    }

    @Test
    void refusesCommitWithoutTrialAndTrialOfTheCommittedSlot() throws Exception {
        TrybootSlots store = card.slots();
        assertThatThrownBy(store::commit).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.rollback("why")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.markTrying(Slot.A)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.markTrying(Slot.B)).isInstanceOf(TrybootImageException.class)
                .hasMessageContaining("no FAT boot sector");
        markTrialOfB();
        // Marked but not yet booted on trial: nothing to commit yet.
        assertThatThrownBy(() -> card.slots().commit()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesToGuessFromABootPartitionOrAutobootItDoesNotKnow() throws Exception {
        card.boot(4, false);
        assertThatThrownBy(() -> card.slots().boot()).isInstanceOf(IOException.class)
                .hasMessageContaining("partition 4");
        card.boot(2, false);
        Files.writeString(card.autoboot(), "[all]\ntryboot_a_b=1\nboot_partition=2\n[gpio4=1]\nboot_partition=3\n");
        assertThatThrownBy(() -> card.slots().boot()).isInstanceOf(IOException.class)
                .hasMessageContaining("autoboot.txt line 4");
        Files.delete(card.autoboot());
        assertThatThrownBy(() -> card.slots().boot()).isInstanceOf(IOException.class)
                .hasMessageContaining("not mounted");
    }
}
