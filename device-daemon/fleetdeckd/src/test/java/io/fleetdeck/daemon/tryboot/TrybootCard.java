package io.fleetdeck.daemon.tryboot;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;

/**
 * A card laid out as docs/pi-image.md says, in a directory: plain files stand in for the partitions
 * ({@code dev/mmcblk0p2} …), a fixture device tree for /proc/device-tree, a boot id file, and {@link #powerOn} plays
 * the bootloader by reading autoboot.txt. Shared by the tryboot tests and the tests of {@code run} on tryboot slots.
 */
public final class TrybootCard {
    public static final int BOOT_BYTES = 64 * 1024;
    public static final int ROOT_BYTES = 192 * 1024;
    public static final String DOCUMENTED_AUTOBOOT =
            "[all]\ntryboot_a_b=1\nboot_partition=2\n[tryboot]\nboot_partition=3\n";

    public final Path bootsel;
    public final Path deviceTree;
    public final Path bootId;
    public final Path dev;
    public final Path stateDir;

    public TrybootCard(Path dir) throws IOException {
        bootsel = Files.createDirectories(dir.resolve("bootsel"));
        deviceTree = Files.createDirectories(dir.resolve("proc/device-tree/chosen/bootloader"))
                .getParent().getParent();
        bootId = dir.resolve("proc/boot_id");
        dev = Files.createDirectories(dir.resolve("dev"));
        stateDir = dir.resolve("data/fleetdeck");
        Files.writeString(autoboot(), DOCUMENTED_AUTOBOOT);
        for (int p : new int[]{2, 3}) {
            partition(p, BOOT_BYTES);
        }
        for (int p : new int[]{5, 6}) {
            partition(p, ROOT_BYTES);
        }
        boot(2, false);
    }

    private void partition(int number, long bytes) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(device(number).toFile(), "rw")) {
            file.setLength(bytes);
        }
    }

    public Path device(int number) {
        return dev.resolve("mmcblk0p" + number);
    }

    public Path autoboot() {
        return bootsel.resolve("autoboot.txt");
    }

    public TrybootLayout layout() {
        return TrybootLayout.standard(dev.resolve("mmcblk0"), bootsel);
    }

    /** A new TrybootSlots: what a restarted daemon process sees. */
    public TrybootSlots slots() throws IOException {
        return new TrybootSlots(layout(), new TrybootSystem(deviceTree, dev.resolveSibling("sys"), bootId),
                stateDir);
    }

    /**
     * What the bootloader does at power-on: the tryboot flag (set by reboot "0 tryboot", cleared before the
     * firmware starts, so only this one boot sees it) picks the [tryboot] partition, else the [all] one.
     */
    public void powerOn(boolean trybootFlag) throws IOException {
        TrybootAutoboot autoboot = TrybootAutoboot.parse(Files.readString(autoboot()), "card");
        boot(trybootFlag ? autoboot.trybootPartition() : autoboot.committedPartition(), trybootFlag);
    }

    public void boot(int partition, boolean trybootFlag) throws IOException {
        Path chosen = deviceTree.resolve("chosen/bootloader");
        Files.write(chosen.resolve("partition"), ByteBuffer.allocate(4).putInt(partition).array());
        Files.write(chosen.resolve("tryboot"), ByteBuffer.allocate(4).putInt(trybootFlag ? 1 : 0).array());
        Files.writeString(bootId, UUID.randomUUID() + "\n");
    }

    public int bootedPartition() throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(deviceTree.resolve("chosen/bootloader/partition"))).getInt();
    }

    public String autobootText() throws IOException {
        return Files.readString(autoboot());
    }

    /** A slot image as the docs describe it: a FAT boot file system padded to the boot partition, then an ext4 root. */
    public static byte[] slotImage(int bootPart, long fatBytes, int rootPart, long seed) {
        byte[] image = new byte[bootPart + rootPart];
        new Random(seed).nextBytes(image);
        ByteBuffer sector = ByteBuffer.wrap(image, 0, 512).order(ByteOrder.LITTLE_ENDIAN);
        sector.putShort(11, (short) 512);
        sector.putShort(19, (short) (fatBytes / 512));
        image[510] = 0x55;
        image[511] = (byte) 0xAA;
        ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).putShort(bootPart + 1024 + 0x38, (short) 0xEF53);
        return image;
    }

    /** A valid slot image of the card's sizes: a FAT boot part filling the boot partition, then an ext4 root. */
    public static byte[] slotImage(long seed) {
        return slotImage(BOOT_BYTES, BOOT_BYTES, 100 * 1024, seed);
    }
}
