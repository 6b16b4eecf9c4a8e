package io.fleetdeck.daemon.ota;

import io.fleetdeck.common.files.DurableFiles;
import io.fleetdeck.model.Slot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;

/**
 * The off-Pi {@link SlotStore}: {@code slot-a.img}, {@code slot-b.img} and {@code slots.properties} in one directory.
 * Every state change is one {@link DurableFile#replace}, so a kill -9 at any point leaves the old or the new state;
 * "rebooting" is restarting the daemon, which calls {@link #boot()} first.
 */
public final class DirectorySlots implements SlotStore {
    private static final Logger log = LoggerFactory.getLogger(DirectorySlots.class);
    static final String STATE_FILE = "slots.properties";

    private final Path directory;
    private final long capacity;

    /** @param capacity bytes each slot may hold, like the size of a root partition on a real card */
    public DirectorySlots(Path directory, long capacity) throws IOException {
        if (capacity <= 0) {
            throw new IllegalArgumentException("slot capacity is not positive: " + capacity);
        }
        this.directory = Files.createDirectories(directory);
        this.capacity = capacity;
    }

    public Path file(Slot slot) {
        return directory.resolve("slot-" + slot.name().toLowerCase(Locale.ROOT) + ".img");
    }

    @Override
    public synchronized SlotState state() throws IOException {
        Optional<java.util.Properties> stored = DurableFiles.readProperties(directory.resolve(STATE_FILE));
        if (stored.isEmpty()) {
            return SlotState.factory();
        }
        try {
            return SlotState.fromProperties(stored.get());
        } catch (IllegalArgumentException e) {
            // Replace-by-rename means this is not a torn write but someone else's edit: refuse to guess a slot.
            throw new IOException("unreadable slot state in " + directory.resolve(STATE_FILE) + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Slot inactive() throws IOException {
        SlotState state = state();
        if (state.active() != state.committed()) {
            throw new IllegalStateException("slot " + state.active() + " runs on trial; commit or roll back first");
        }
        return state.committed().other();
    }

    @Override
    public long capacity(Slot slot) {
        return capacity;
    }

    @Override
    public long writableBytes(Slot slot) throws IOException {
        Path file = file(slot);
        long existing = Files.exists(file) ? Files.size(file) : 0;
        return Math.min(capacity, Files.getFileStore(directory).getUsableSpace() + existing);
    }

    @Override
    public synchronized FileChannel openForWrite(Slot slot) throws IOException {
        SlotState state = state();
        if (slot == state.active() || slot == state.committed()) {
            throw new IllegalArgumentException("slot " + slot + " is running or committed and is never written");
        }
        if (state.trying().equals(Optional.of(slot))) {
            log.info("Slot {} was marked for trial; withdrawn because it is being rewritten", slot);
            save(new SlotState(state.active(), state.committed(), Optional.empty(), 0, state.lastRollback()));
        }
        return FileChannel.open(file(slot), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    @Override
    public FileChannel openForRead(Slot slot) throws IOException {
        return FileChannel.open(file(slot), StandardOpenOption.READ);
    }

    @Override
    public synchronized void markTrying(Slot slot) throws IOException {
        SlotState state = state();
        if (state.active() != state.committed()) {
            throw new IllegalStateException("slot " + state.active() + " runs on trial; commit or roll back first");
        }
        if (slot == state.committed()) {
            throw new IllegalArgumentException("slot " + slot + " is the committed slot, not a candidate");
        }
        if (!Files.exists(file(slot))) {
            throw new IllegalStateException("slot " + slot + " holds no image");
        }
        save(new SlotState(state.active(), state.committed(), Optional.of(slot), 0, state.lastRollback()));
        log.info("Slot {} marked for one trial boot", slot);
    }

    @Override
    public synchronized BootResult boot() throws IOException {
        SlotState state = state();
        if (state.trying().isEmpty()) {
            log.info("Booting committed slot {}", state.committed());
            return new BootResult(state.committed(), false, Optional.empty());
        }
        Slot trial = state.trying().get();
        if (state.attempts() == 0) {
            // Count the attempt before running it: a crash during the trial must not earn a second one.
            save(new SlotState(trial, state.committed(), state.trying(), 1, state.lastRollback()));
            log.info("Booting slot {} on trial; committed slot {} stays the fallback", trial, state.committed());
            return new BootResult(trial, true, Optional.empty());
        }
        String reason = "slot " + trial + " was booted on trial and not committed";
        save(new SlotState(state.committed(), state.committed(), Optional.empty(), 0, Optional.of(reason)));
        log.warn("Rolled back to slot {}: {}", state.committed(), reason);
        return new BootResult(state.committed(), false, Optional.of(reason));
    }

    @Override
    public synchronized void commit() throws IOException {
        SlotState state = state();
        if (state.trying().isEmpty() || state.active() != state.trying().get()) {
            throw new IllegalStateException("no slot runs on trial: active " + state.active()
                    + ", marked " + state.trying().map(Slot::name).orElse("none"));
        }
        save(new SlotState(state.active(), state.active(), Optional.empty(), 0, state.lastRollback()));
        log.info("Committed slot {}", state.active());
    }

    @Override
    public synchronized void rollback(String reason) throws IOException {
        SlotState state = state();
        if (state.trying().isEmpty()) {
            throw new IllegalStateException("nothing to roll back: slot " + state.committed() + " is committed");
        }
        save(new SlotState(state.committed(), state.committed(), Optional.empty(), 0, Optional.of(reason)));
        log.warn("Rolled back from slot {} to {}: {}", state.trying().get(), state.committed(), reason);
    }

    private void save(SlotState state) throws IOException {
        DurableFiles.replace(directory.resolve(STATE_FILE), state.toProperties());
    }
}
