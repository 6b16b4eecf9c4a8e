package io.fleetdeck.daemon.tryboot;

import io.fleetdeck.model.Slot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrybootSlotChannelTest {
    @TempDir
    Path dir;
    TrybootPartitions partitions;

    @BeforeEach
    void partitions() throws IOException {
        partitions = new TrybootPartitions(3, Files.write(dir.resolve("p3"), new byte[8]),
                Files.write(dir.resolve("p6"), new byte[16]));
    }

    private FileChannel open() throws IOException {
        return TrybootSlotChannel.open(Slot.B, partitions, 8, 16, true);
    }

    @Test
    void aWriteAcrossTheBoundaryLandsInBothPartitions() throws Exception {
        try (FileChannel slot = open()) {
            ByteBuffer bytes = ByteBuffer.wrap(new byte[]{1, 2, 3, 4, 5, 6});
            long at = 5;
            while (bytes.hasRemaining()) {
                at += slot.write(bytes, at);
            }
            ByteBuffer back = ByteBuffer.allocate(6);
            while (back.hasRemaining()) {
                slot.read(back, 5 + back.position());
            }
            assertThat(back.array()).containsExactly(1, 2, 3, 4, 5, 6);
        }
        assertThat(Files.readAllBytes(partitions.bootDevice())).containsExactly(0, 0, 0, 0, 0, 1, 2, 3);
        assertThat(Files.readAllBytes(partitions.rootDevice())).startsWith(4, 5, 6, 0);
    }

    @Test
    void hasTheFixedSizeOfItsPartitionsAndNeverGrowsOrShrinksThem() throws Exception {
        try (FileChannel slot = open()) {
            assertThat(slot.size()).isEqualTo(24);
            slot.write(ByteBuffer.wrap(new byte[]{9}), 23);
            slot.position(20).truncate(10);
            assertThat(slot.position()).isEqualTo(10);
            assertThat(slot.size()).isEqualTo(24);
            assertThatThrownBy(() -> slot.write(ByteBuffer.wrap(new byte[]{1}), 24))
                    .isInstanceOf(IOException.class).hasMessageContaining("slot B ends at byte 24");
            assertThat(slot.read(ByteBuffer.allocate(1), 24)).isEqualTo(-1);
        }
        assertThat(Files.size(partitions.bootDevice())).isEqualTo(8);
        assertThat(Files.readAllBytes(partitions.rootDevice())).hasSize(16).endsWith(9);
    }

    @Test
    void sequentialReadsAndWritesFollowThePosition() throws Exception {
        try (FileChannel slot = open()) {
            slot.position(6);
            ByteBuffer[] parts = {ByteBuffer.wrap(new byte[]{7, 7}), ByteBuffer.wrap(new byte[]{8, 8})};
            assertThat(slot.write(parts)).isEqualTo(4);
            assertThat(slot.position()).isEqualTo(10);
            slot.position(6);
            ByteBuffer back = ByteBuffer.allocate(4);
            assertThat(slot.read(new ByteBuffer[]{back})).isEqualTo(4);
            assertThat(back.array()).containsExactly(7, 7, 8, 8);
        }
    }

    @Test
    void refusesMappingAndUseAfterClose() throws Exception {
        FileChannel slot = open();
        assertThatThrownBy(() -> slot.map(FileChannel.MapMode.READ_ONLY, 0, 4))
                .isInstanceOf(UnsupportedOperationException.class);
        slot.close();
        assertThatThrownBy(slot::size).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> slot.write(ByteBuffer.allocate(1), 0)).isInstanceOf(ClosedChannelException.class);
    }
}
