package io.fleetdeck.daemon.ota;

import io.fleetdeck.common.files.DurableFiles;
import io.fleetdeck.model.Slot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Which firmware version each slot holds, in {@code <stateDir>/slot-versions.properties} ({@code A=1.4.2},
 * {@code B=1.5.0}). Kept apart from the {@link SlotStore} so every store (directory, tryboot) reports versions the
 * same way. A slot's version is recorded before the slot is marked for trial, so a slot that boots always has one;
 * a slot without a record runs the factory version. Each slot's security version is kept beside its version
 * ({@code B.securityVersion=3}, absent = 0), and so is the highest one ever committed ({@code securityFloor}, see
 * {@link AntiRollback}).
 */
public final class SlotVersions {
    public static final String FILE = "slot-versions.properties";
    private static final String SECURITY_SUFFIX = ".securityVersion";
    private static final String FLOOR = "securityFloor";

    private final Path file;

    public SlotVersions(Path stateDir) {
        this.file = stateDir.resolve(FILE);
    }

    public synchronized Optional<String> of(Slot slot) throws IOException {
        return DurableFiles.readProperties(file).map(p -> p.getProperty(slot.name())).filter(v -> !v.isBlank());
    }

    /** Records that {@code slot} now holds {@code version}; crash-safe (temp file, fsync, rename). */
    public synchronized void record(Slot slot, String version) throws IOException {
        record(slot, version, 0);
    }

    /** Records {@code slot}'s version and security version in one crash-safe write. */
    public synchronized void record(Slot slot, String version, int securityVersion) throws IOException {
        Properties p = DurableFiles.readProperties(file).orElseGet(Properties::new);
        p.setProperty(slot.name(), version);
        if (securityVersion > 0) {
            p.setProperty(slot.name() + SECURITY_SUFFIX, Integer.toString(securityVersion));
        } else {
            p.remove(slot.name() + SECURITY_SUFFIX);
        }
        DurableFiles.replace(file, p);
    }

    /** The security version of what {@code slot} holds; 0 when none was recorded (factory image, older daemon). */
    public synchronized int securityVersion(Slot slot) throws IOException {
        return number(slot.name() + SECURITY_SUFFIX);
    }

    /** The highest security version this device has committed as far as recorded; 0 on a fresh device. */
    synchronized int securityFloor() throws IOException {
        return number(FLOOR);
    }

    /** Raises the floor to {@code level}; never lowers it. */
    synchronized void raiseSecurityFloor(int level) throws IOException {
        Properties p = DurableFiles.readProperties(file).orElseGet(Properties::new);
        if (level > number(p, FLOOR)) {
            p.setProperty(FLOOR, Integer.toString(level));
            DurableFiles.replace(file, p);
        }
    }

    private int number(String key) throws IOException {
        return number(DurableFiles.readProperties(file).orElseGet(Properties::new), key);
    }

    private int number(Properties p, String key) throws IOException {
        String value = p.getProperty(key, "0").strip();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": " + key + " is not a number: " + value, e);
        }
    }
}
