package io.fleetdeck.daemon.tryboot;

import io.fleetdeck.model.Slot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks that a slot image was cut for this card before the bootloader is pointed at it: its boot part must be a FAT
 * volume no larger than the boot partition, and the root partition must start with a root file system. An image whose
 * boot part has another length shifts the root file system to the wrong byte, and the trial would not even start.
 */
final class TrybootImageCheck {
    private static final int EXT_MAGIC_OFFSET = 1024 + 0x38;
    private static final int EXT_MAGIC = 0xEF53;
    private static final int SQUASHFS_MAGIC = 0x73717368; // "hsqs" little-endian

    private TrybootImageCheck() {
    }

    static void check(Slot slot, TrybootPartitions partitions, long bootBytes) throws IOException {
        ByteBuffer sector = head(partitions.bootDevice(), 512, slot);
        if ((sector.get(510) & 0xFF) != 0x55 || (sector.get(511) & 0xFF) != 0xAA) {
            throw new TrybootImageException(slot, partitions.bootDevice(),
                    "the boot partition holds no FAT boot sector");
        }
        int bytesPerSector = Short.toUnsignedInt(sector.getShort(11));
        long sectors = Short.toUnsignedInt(sector.getShort(19));
        if (sectors == 0) {
            sectors = Integer.toUnsignedLong(sector.getInt(32));
        }
        long volume = bytesPerSector * sectors;
        if (bytesPerSector < 512 || Integer.bitCount(bytesPerSector) != 1 || volume == 0) {
            throw new TrybootImageException(slot, partitions.bootDevice(), "the boot partition's FAT boot sector is"
                    + " damaged (" + bytesPerSector + " bytes per sector, " + sectors + " sectors)");
        }
        if (volume > bootBytes) {
            throw new TrybootImageException(slot, partitions.bootDevice(), "the image's boot file system has "
                    + volume + " bytes but the boot partition only " + bootBytes
                    + ": the image was built for another layout");
        }
        ByteBuffer root = head(partitions.rootDevice(), 2048, slot);
        boolean ext = Short.toUnsignedInt(root.getShort(EXT_MAGIC_OFFSET)) == EXT_MAGIC;
        boolean squashfs = root.getInt(0) == SQUASHFS_MAGIC;
        if (!ext && !squashfs) {
            throw new TrybootImageException(slot, partitions.rootDevice(), "no ext4 or squashfs file system starts"
                    + " at byte " + bootBytes + " of the image: its boot part must be exactly " + bootBytes
                    + " bytes, the size of the boot partition");
        }
    }

    private static ByteBuffer head(Path device, int bytes, Slot slot) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ)) {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, buffer.position()) < 0) {
                    throw new TrybootImageException(slot, device, "shorter than " + bytes + " bytes");
                }
            }
        }
        return buffer.clear();
    }
}
