package io.fleetdeck.daemon.tryboot;

import io.fleetdeck.common.files.DurableFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The two decisions {@code autoboot.txt} holds for the Pi bootloader: which boot partition a normal boot uses
 * ({@code [all] boot_partition}) and which one a boot with the one-shot {@code tryboot} flag uses ({@code [tryboot]
 * boot_partition}). fleetdeckd owns the file and always writes it whole, in one canonical form.
 *
 * @param committedPartition the partition a normal boot (and every boot after a failed trial) starts from
 * @param trybootPartition   the partition {@code reboot "0 tryboot"} starts from, once
 */
public record TrybootAutoboot(int committedPartition, int trybootPartition) {
    public static final String FILE = "autoboot.txt";
    /** The bootloader reads at most this much of the file. */
    static final int MAX_BYTES = 512;

    public TrybootAutoboot {
        if (committedPartition < 1 || trybootPartition < 1) {
            throw new IllegalArgumentException("boot partitions start at 1: " + committedPartition + ", "
                    + trybootPartition);
        }
    }

    /**
     * Evaluates the file as the bootloader does: {@code [all]} lines apply in both modes, {@code [tryboot]} lines only
     * with the tryboot flag, {@code [none]} lines never; the last assignment wins. Anything else is refused, since
     * rewriting the file would silently drop it.
     */
    public static TrybootAutoboot parse(String text, String source) {
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException(source + " is longer than the " + MAX_BYTES
                    + " bytes the bootloader reads");
        }
        OptionalInt normal = OptionalInt.empty();
        OptionalInt trial = OptionalInt.empty();
        boolean abMode = false;
        String section = "all";
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            String where = source + " line " + (i + 1) + " '" + line + "'";
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT);
                if (!section.equals("all") && !section.equals("tryboot") && !section.equals("none")) {
                    throw new IllegalArgumentException(where + ": fleetdeckd handles only [all], [tryboot] and [none]");
                }
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(where + ": not key=value");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (section.equals("none")) {
                continue;
            }
            switch (key) {
                case "boot_partition" -> {
                    int partition = number(value, where);
                    trial = OptionalInt.of(partition);
                    if (section.equals("all")) {
                        normal = OptionalInt.of(partition);
                    }
                }
                case "tryboot_a_b" -> abMode = section.equals("all") ? number(value, where) == 1 : abMode;
                default -> throw new IllegalArgumentException(where + ": unknown key " + key);
            }
        }
        if (normal.isEmpty()) {
            throw new IllegalArgumentException(source + " has no boot_partition for a normal boot");
        }
        if (!abMode) {
            // Without it a tryboot loads tryboot.txt inside the partition, which an A/B slot does not carry.
            throw new IllegalArgumentException(source + " lacks tryboot_a_b=1 in [all]");
        }
        return new TrybootAutoboot(normal.getAsInt(), trial.getAsInt());
    }

    public String render() {
        String text = "[all]\ntryboot_a_b=1\nboot_partition=" + committedPartition + "\n[tryboot]\nboot_partition="
                + trybootPartition + "\n";
        if (text.length() > MAX_BYTES) {
            throw new IllegalStateException("autoboot.txt would exceed " + MAX_BYTES + " bytes");
        }
        return text;
    }

    static TrybootAutoboot read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IOException("no " + file + ": the boot-select partition is not mounted there, or the card was"
                    + " not laid out for tryboot (docs/pi-image.md)", e);
        }
        try {
            return parse(text, file.toString());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Temp file, fsync, rename over the old file, fsync of the directory, then read back: on vfat the rename rewrites
     * the existing directory entry to point at the already-synced new clusters, so the bootloader finds the old or the
     * new file; FAT has no journal, so a cut can still leave lost clusters for fsck.fat, never a mixed file.
     */
    void write(Path file) throws IOException {
        String text = render();
        DurableFiles.writeAtomically(file, text);
        String back = Files.readString(file, StandardCharsets.US_ASCII);
        if (!back.equals(text)) {
            throw new IOException(file + " reads back differently after the rewrite: '" + back + "'");
        }
    }

    private static int number(String value, String where) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": not a number", e);
        }
    }
}
