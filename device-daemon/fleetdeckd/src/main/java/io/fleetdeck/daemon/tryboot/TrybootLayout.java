package io.fleetdeck.daemon.tryboot;

import io.fleetdeck.model.Slot;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the slots live on the card (docs/pi-image.md): {@code bootsel} is the mounted first partition holding
 * {@code autoboot.txt}; each slot is a boot and a root partition.
 */
public record TrybootLayout(Path bootsel, TrybootPartitions a, TrybootPartitions b) {
    public TrybootLayout {
        Objects.requireNonNull(bootsel, "bootsel");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.bootPartition() == b.bootPartition()) {
            throw new IllegalArgumentException("slots A and B share boot partition " + a.bootPartition());
        }
    }

    /**
     * The documented layout on {@code disk} (e.g. {@code /dev/mmcblk0}, {@code /dev/nvme0n1}, {@code /dev/sda}):
     * boot A = p2, boot B = p3, root A = p5, root B = p6.
     */
    public static TrybootLayout standard(Path disk, Path bootsel) {
        return new TrybootLayout(bootsel,
                new TrybootPartitions(2, partition(disk, 2), partition(disk, 5)),
                new TrybootPartitions(3, partition(disk, 3), partition(disk, 6)));
    }

    /** Linux names partitions of a disk whose name ends in a digit with a "p" between: mmcblk0p5, but sda5. */
    static Path partition(Path disk, int number) {
        String name = disk.getFileName().toString();
        String separator = Character.isDigit(name.charAt(name.length() - 1)) ? "p" : "";
        return disk.resolveSibling(name + separator + number);
    }

    public TrybootPartitions partitions(Slot slot) {
        return slot == Slot.A ? a : b;
    }

    public Optional<Slot> slotBootingFrom(int partition) {
        if (partition == a.bootPartition()) {
            return Optional.of(Slot.A);
        }
        return partition == b.bootPartition() ? Optional.of(Slot.B) : Optional.empty();
    }

    Path autoboot() {
        return bootsel.resolve(TrybootAutoboot.FILE);
    }
}
