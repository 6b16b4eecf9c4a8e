package io.fleetdeck.daemon.tryboot;

import io.fleetdeck.model.Slot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrybootSystemTest {
    @TempDir
    Path dir;

    private TrybootSystem system() {
        return new TrybootSystem(dir.resolve("device-tree"), dir.resolve("sys"), dir.resolve("boot_id"));
    }

    private void property(String name, byte... bytes) throws IOException {
        Path file = dir.resolve("device-tree/chosen/bootloader").resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    @Test
    void readsTheBootloadersBigEndianCells() throws Exception {
        property("partition", (byte) 0, (byte) 0, (byte) 0, (byte) 3);
        property("tryboot", (byte) 0, (byte) 0, (byte) 0, (byte) 1);
        Files.writeString(dir.resolve("boot_id"), "6f1c2a0e-1d2b-4c3d-9e8f-0a1b2c3d4e5f\n");
        assertThat(system().bootPartition()).isEqualTo(3);
        assertThat(system().tryboot()).isTrue();
        assertThat(system().bootId()).isEqualTo("6f1c2a0e-1d2b-4c3d-9e8f-0a1b2c3d4e5f");
        property("tryboot", (byte) 0, (byte) 0, (byte) 0, (byte) 0);
        assertThat(system().tryboot()).isFalse();
    }

    @Test
    void aMissingTrybootPropertyMeansANormalBootButAMissingPartitionIsAnError() throws Exception {
        assertThat(system().tryboot()).isFalse();
        assertThatThrownBy(() -> system().bootPartition()).isInstanceOf(IOException.class)
                .hasMessageContaining("chosen/bootloader/partition");
        property("partition", (byte) 2);
        assertThatThrownBy(() -> system().bootPartition()).hasMessageContaining("not one 32-bit cell");
    }

    @Test
    void sizesABlockDeviceFromSysfsInSectorsOf512Bytes() throws Exception {
        Path dev = Files.createDirectories(dir.resolve("dev"));
        Path device = dev.resolve("mmcblk0p5");
        // A FIFO is no regular file, like a block device: its size must come from sysfs.
        Process mkfifo = new ProcessBuilder("mkfifo", device.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        Path size = Files.createDirectories(dir.resolve("sys/class/block/mmcblk0p5")).resolve("size");
        Files.writeString(size, "62333952\n");
        Path byUuid = Files.createDirectories(dev.resolve("disk/by-partuuid")).resolve("6c586e13-05");
        Files.createSymbolicLink(byUuid, device);

        assertThat(system().deviceBytes(device)).isEqualTo(62333952L * 512);
        assertThat(system().deviceBytes(byUuid)).isEqualTo(62333952L * 512);
        Files.writeString(size, "lots\n");
        assertThatThrownBy(() -> system().deviceBytes(device)).hasMessageContaining("no sector count");
        assertThatThrownBy(() -> system().sysfsBytes("sda9")).hasMessageContaining("sys/class/block/sda9/size");
    }

    @Test
    void sizesAStandInFileByItsLengthAndRefusesAMissingDevice() throws Exception {
        Path file = Files.write(dir.resolve("p5.img"), new byte[4096]);
        assertThat(system().deviceBytes(file)).isEqualTo(4096);
        assertThatThrownBy(() -> system().deviceBytes(dir.resolve("mmcblk0p9")))
                .hasMessageContaining("mmcblk0p9");
    }

    @Test
    void namesTheDocumentedPartitionsOfEachKindOfDisk() {
        TrybootLayout sd = TrybootLayout.standard(Path.of("/dev/mmcblk0"), Path.of("/boot/bootsel"));
        assertThat(sd.a()).isEqualTo(new TrybootPartitions(2, Path.of("/dev/mmcblk0p2"), Path.of("/dev/mmcblk0p5")));
        assertThat(sd.b()).isEqualTo(new TrybootPartitions(3, Path.of("/dev/mmcblk0p3"), Path.of("/dev/mmcblk0p6")));
        assertThat(TrybootLayout.standard(Path.of("/dev/sda"), Path.of("/b")).b().rootDevice())
                .isEqualTo(Path.of("/dev/sda6"));
        assertThat(TrybootLayout.standard(Path.of("/dev/nvme0n1"), Path.of("/b")).a().bootDevice())
                .isEqualTo(Path.of("/dev/nvme0n1p2"));
        assertThat(sd.slotBootingFrom(3)).contains(Slot.B);
        assertThat(sd.slotBootingFrom(1)).isEmpty();
        assertThatThrownBy(() -> new TrybootPartitions(5, Path.of("/dev/a"), Path.of("/dev/b")))
                .hasMessageContaining("primary");
    }
}
