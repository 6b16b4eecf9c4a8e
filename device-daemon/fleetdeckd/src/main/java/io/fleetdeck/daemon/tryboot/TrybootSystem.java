package io.fleetdeck.daemon.tryboot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the running Linux says about this boot and its disks: the bootloader's {@code /chosen/bootloader} properties in
 * the device tree, the kernel's boot id, and partition sizes in sysfs. Rooted anywhere, so tests use fixture trees.
 *
 * @param deviceTree {@code /proc/device-tree}
 * @param sysfs      {@code /sys}
 * @param bootIdFile {@code /proc/sys/kernel/random/boot_id}, new at every boot: tells a reboot from a daemon restart
 */
public record TrybootSystem(Path deviceTree, Path sysfs, Path bootIdFile) {
    public TrybootSystem {
        Objects.requireNonNull(deviceTree, "deviceTree");
        Objects.requireNonNull(sysfs, "sysfs");
        Objects.requireNonNull(bootIdFile, "bootIdFile");
    }

    public static TrybootSystem linux() {
        return new TrybootSystem(Path.of("/proc/device-tree"), Path.of("/sys"),
                Path.of("/proc/sys/kernel/random/boot_id"));
    }

    /** The partition the bootloader started this boot from. */
    public int bootPartition() throws IOException {
        Path file = bootloader("partition");
        if (!Files.exists(file)) {
            throw new IOException("no " + file + ": the bootloader is too old for tryboot, or this is not a Pi");
        }
        return cell(file);
    }

    /** Whether this boot ran with the one-shot tryboot flag; the bootloader clears the flag before it starts. */
    public boolean tryboot() throws IOException {
        Path file = bootloader("tryboot");
        return Files.exists(file) && cell(file) == 1;
    }

    public String bootId() throws IOException {
        return Files.readString(bootIdFile).strip();
    }

    /**
     * The size of a partition: a regular file's length (tests, loop images), else {@code /sys/class/block/<name>/size}
     * in 512-byte sectors, whatever the device's own sector size; symlinks such as /dev/disk/by-partuuid are followed.
     */
    public long deviceBytes(Path device) throws IOException {
        if (Files.isRegularFile(device)) {
            return Files.size(device);
        }
        if (!Files.exists(device)) {
            throw new NoSuchFileException(device.toString(), null, "no such slot device");
        }
        return sysfsBytes(device.toRealPath().getFileName().toString());
    }

    long sysfsBytes(String blockDevice) throws IOException {
        Path file = sysfs.resolve("class/block").resolve(blockDevice).resolve("size");
        try {
            return Math.multiplyExact(Long.parseLong(Files.readString(file).strip()), 512L);
        } catch (NoSuchFileException e) {
            throw new IOException("no " + file + " for block device " + blockDevice, e);
        } catch (NumberFormatException e) {
            throw new IOException(file + " holds no sector count: " + e.getMessage(), e);
        }
    }

    private Path bootloader(String property) {
        return deviceTree.resolve("chosen/bootloader").resolve(property);
    }

    /** Device-tree integers are 32-bit big-endian cells. */
    private static int cell(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length != 4) {
            throw new IOException(file + " holds " + bytes.length + " bytes, not one 32-bit cell");
        }
        return ByteBuffer.wrap(bytes).getInt();
    }
}
