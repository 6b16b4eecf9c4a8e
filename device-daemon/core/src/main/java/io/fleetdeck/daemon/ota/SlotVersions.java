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
 * a slot without a record runs the factory version.
 */
public final class SlotVersions {
    public static final String FILE = "slot-versions.properties";

    private final Path file;

    public SlotVersions(Path stateDir) {
        this.file = stateDir.resolve(FILE);
    }

    public synchronized Optional<String> of(Slot slot) throws IOException {
        return DurableFiles.readProperties(file).map(p -> p.getProperty(slot.name())).filter(v -> !v.isBlank());
    }

    /** Records that {@code slot} now holds {@code version}; crash-safe (temp file, fsync, rename). */
    public synchronized void record(Slot slot, String version) throws IOException {
        Properties p = DurableFiles.readProperties(file).orElseGet(Properties::new);
        p.setProperty(slot.name(), version);
        DurableFiles.replace(file, p);
    }
}
