package io.fleetdeck.daemon.tryboot;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One slot on the card: the FAT partition the bootloader starts it from and the root file system partition its
 * initramfs mounts. The slot image is both, concatenated: the first {@code boot}-partition-size bytes go to
 * {@code bootDevice}, the rest to {@code rootDevice}.
 *
 * @param bootPartition the number {@code autoboot.txt} and {@code /chosen/bootloader/partition} use for it
 */
public record TrybootPartitions(int bootPartition, Path bootDevice, Path rootDevice) {
    public TrybootPartitions {
        Objects.requireNonNull(bootDevice, "bootDevice");
        Objects.requireNonNull(rootDevice, "rootDevice");
        if (bootPartition < 1 || bootPartition > 4) {
            // The bootloader documents boot_partition for the four primary MBR partitions only.
            throw new IllegalArgumentException("a boot partition must be primary (1-4): " + bootPartition);
        }
    }
}
