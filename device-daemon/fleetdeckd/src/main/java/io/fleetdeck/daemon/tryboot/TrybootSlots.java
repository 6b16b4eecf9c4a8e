package io.fleetdeck.daemon.tryboot;

import io.fleetdeck.common.files.DurableFiles;
import io.fleetdeck.daemon.ota.BootResult;
import io.fleetdeck.daemon.ota.SlotState;
import io.fleetdeck.daemon.ota.SlotStore;
import io.fleetdeck.model.Slot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The Raspberry Pi {@link SlotStore}: two boot/root partition pairs switched by the bootloader's {@code tryboot}
 * (docs/pi-image.md). Three sources, each the authority for one thing:
 * <ul>
 *   <li>the device tree says which slot runs ({@code /chosen/bootloader/partition}) and whether on trial;</li>
 *   <li>{@code autoboot.txt} says which slot is committed: it is what the bootloader obeys after any crash;</li>
 *   <li>{@code tryboot.properties} on the data partition says which slot was marked and in which boot it ran.</li>
 * </ul>
 * Rebooting is the caller's job ({@link TrybootRebooter}): {@code reboot "0 tryboot"} after {@link #markTrying},
 * a plain reboot after {@link #rollback}. Every write is temp file + fsync + rename + directory fsync, the
 * bootloader's file always first, so a cut between the two writes is repaired by the next {@link #boot()}.
 */
public final class TrybootSlots implements SlotStore {
    private static final Logger log = LoggerFactory.getLogger(TrybootSlots.class);
    static final String STATE_FILE = "tryboot.properties";

    private final TrybootLayout layout;
    private final TrybootSystem system;
    private final Path stateFile;
    private final Map<Slot, Long> bootBytes = new EnumMap<>(Slot.class);
    private final Map<Slot, Long> rootBytes = new EnumMap<>(Slot.class);

    /** @param stateDir a directory on the data partition, which no slot image overwrites */
    public TrybootSlots(TrybootLayout layout, TrybootSystem system, Path stateDir) throws IOException {
        this.layout = layout;
        this.system = system;
        this.stateFile = Files.createDirectories(stateDir).resolve(STATE_FILE);
        for (Slot slot : Slot.values()) {
            TrybootPartitions partitions = layout.partitions(slot);
            bootBytes.put(slot, system.deviceBytes(partitions.bootDevice()));
            rootBytes.put(slot, system.deviceBytes(partitions.rootDevice()));
        }
    }

    /** The three facts every decision starts from, read fresh: the bootloader may have acted since the last call. */
    private record Observed(Slot running, boolean tryboot, String bootId, TrybootAutoboot autoboot, Slot committed,
                            Stored stored) {
    }

    /**
     * What only this class knows. {@code bootId} is the boot in which the marked slot last started on trial, or in
     * which a trial was abandoned, so a daemon restart within that boot is told apart from a reboot.
     */
    private record Stored(Optional<Slot> trying, int attempts, String bootId, Optional<String> lastRollback) {
        static final Stored NONE = new Stored(Optional.empty(), 0, "", Optional.empty());

        Stored cleared(Optional<String> rollback, String inBoot) {
            return new Stored(Optional.empty(), 0, inBoot, rollback);
        }

        Properties toProperties() {
            Properties p = new Properties();
            trying.ifPresent(slot -> p.setProperty("trying", slot.name()));
            p.setProperty("attempts", Integer.toString(attempts));
            p.setProperty("bootId", bootId);
            lastRollback.ifPresent(reason -> p.setProperty("lastRollback", reason));
            return p;
        }

        static Stored from(Properties p) {
            return new Stored(Optional.ofNullable(p.getProperty("trying")).map(Slot::valueOf),
                    Integer.parseInt(p.getProperty("attempts", "0")), p.getProperty("bootId", ""),
                    Optional.ofNullable(p.getProperty("lastRollback")));
        }
    }

    private Observed observe() throws IOException {
        int partition = system.bootPartition();
        Slot running = layout.slotBootingFrom(partition).orElseThrow(() -> new IOException("booted from partition "
                + partition + ", which is neither slot A's (" + layout.a().bootPartition() + ") nor slot B's ("
                + layout.b().bootPartition() + ")"));
        TrybootAutoboot autoboot = TrybootAutoboot.read(layout.autoboot());
        Slot committed = layout.slotBootingFrom(autoboot.committedPartition()).orElseThrow(() -> new IOException(
                layout.autoboot() + " commits partition " + autoboot.committedPartition() + ", which is no slot's"));
        Stored stored = readStored();
        if (stored.trying().equals(Optional.of(committed))) {
            // A commit reached autoboot.txt but not the state file: the commit is what the bootloader obeys.
            stored = stored.cleared(stored.lastRollback(), stored.bootId());
        }
        return new Observed(running, system.tryboot(), system.bootId(), autoboot, committed, stored);
    }

    private Stored readStored() throws IOException {
        Optional<Properties> p = DurableFiles.readProperties(stateFile);
        try {
            return p.map(Stored::from).orElse(Stored.NONE);
        } catch (IllegalArgumentException e) {
            throw new IOException("unreadable slot state in " + stateFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized SlotState state() throws IOException {
        return toState(observe());
    }

    private static SlotState toState(Observed o) {
        Optional<Slot> trying = o.stored().trying();
        // After a rollback the trial slot may still run until the reboot; what counts is the slot that will run.
        Slot active = trying.isPresent() && o.running() == trying.get() ? o.running() : o.committed();
        return new SlotState(active, o.committed(), trying, o.stored().attempts(), o.stored().lastRollback());
    }

    @Override
    public synchronized Slot inactive() throws IOException {
        Observed o = observe();
        SlotState state = toState(o);
        if (o.running() != o.committed() || state.active() != state.committed()) {
            throw new IllegalStateException("slot " + o.running() + " runs but slot " + o.committed()
                    + " is committed; commit, or reboot into the committed slot first");
        }
        return o.committed().other();
    }

    @Override
    public long capacity(Slot slot) {
        return bootBytes.get(slot) + rootBytes.get(slot);
    }

    /** A partition is allocated whole: nothing else on the card competes for its bytes. */
    @Override
    public long writableBytes(Slot slot) {
        return capacity(slot);
    }

    @Override
    public synchronized FileChannel openForWrite(Slot slot) throws IOException {
        Observed o = observe();
        if (slot == o.running() || slot == o.committed() || slot == toState(o).active()) {
            throw new IllegalArgumentException("slot " + slot + " is running or committed and is never written");
        }
        if (layout.slotBootingFrom(o.autoboot().trybootPartition()).equals(Optional.of(slot))) {
            // Even a hand-typed reboot "0 tryboot" must not start a half-written slot.
            writeAutoboot(new TrybootAutoboot(o.autoboot().committedPartition(), partition(o.committed())));
        }
        if (o.stored().trying().equals(Optional.of(slot))) {
            log.info("Slot {} was marked for trial; withdrawn because it is being rewritten", slot);
            save(o.stored().cleared(o.stored().lastRollback(), o.bootId()));
        }
        return TrybootSlotChannel.open(slot, layout.partitions(slot), bootBytes.get(slot), rootBytes.get(slot), true);
    }

    @Override
    public FileChannel openForRead(Slot slot) throws IOException {
        return TrybootSlotChannel.open(slot, layout.partitions(slot), bootBytes.get(slot), rootBytes.get(slot), false);
    }

    @Override
    public synchronized void markTrying(Slot slot) throws IOException {
        Observed o = observe();
        SlotState state = toState(o);
        if (o.running() != o.committed() || state.active() != state.committed()) {
            throw new IllegalStateException("slot " + o.running() + " runs on trial; commit or roll back first");
        }
        if (slot == o.committed()) {
            throw new IllegalArgumentException("slot " + slot + " is the committed slot, not a candidate");
        }
        TrybootImageCheck.check(slot, layout.partitions(slot), bootBytes.get(slot));
        writeAutoboot(new TrybootAutoboot(partition(o.committed()), partition(slot)));
        save(new Stored(Optional.of(slot), 0, "", o.stored().lastRollback()));
        log.info("Slot {} marked for one trial boot; reboot with reboot \"0 tryboot\"", slot);
    }

    @Override
    public synchronized BootResult boot() throws IOException {
        Observed o = observe();
        Stored stored = o.stored();
        Slot running = o.running();
        if (stored.trying().isEmpty()) {
            if (running != o.committed() && stored.bootId().equals(o.bootId())) {
                // rollback() abandoned this very boot's trial and the daemon restarted before the plain reboot.
                log.warn("Slot {} still runs after its trial was abandoned; reboot to return to slot {}", running,
                        o.committed());
                return new BootResult(o.committed(), false, Optional.empty(), true);
            }
            if (running != o.committed()) {
                // Someone typed reboot "0 tryboot" (or "3"): the bootloader's fallback still holds, so health-check it.
                log.warn("Slot {} runs without having been marked; treated as a trial, committed slot {} stays the"
                        + " fallback", running, o.committed());
                save(new Stored(Optional.of(running), 1, o.bootId(), stored.lastRollback()));
                return new BootResult(running, true, Optional.empty());
            }
            saveIfChanged(stored);
            log.info("Booting committed slot {}", running);
            return new BootResult(running, false, Optional.empty());
        }
        Slot trial = stored.trying().get();
        if (running == trial) {
            if (!stored.bootId().equals(o.bootId())) {
                save(new Stored(stored.trying(), stored.attempts() + 1, o.bootId(), stored.lastRollback()));
                log.info("Slot {} booted on trial; committed slot {} stays the fallback", trial, o.committed());
            } else {
                log.info("Slot {} still on trial in the same boot (the daemon restarted)", trial);
            }
            return new BootResult(trial, true, Optional.empty());
        }
        if (stored.attempts() == 0) {
            if (o.tryboot()) {
                log.warn("A tryboot started committed slot {}, not marked slot {}; the mark stays", running, trial);
            } else {
                log.info("Slot {} is marked for trial and waits for reboot \"0 tryboot\"", trial);
            }
            saveIfChanged(stored);
            return new BootResult(running, false, Optional.empty());
        }
        String reason = "slot " + trial + " was booted on trial and not committed; the bootloader returned to slot "
                + o.committed();
        abandon(o, reason);
        log.warn("Rolled back to slot {}: {}", o.committed(), reason);
        return new BootResult(o.committed(), false, Optional.of(reason));
    }

    @Override
    public synchronized void commit() throws IOException {
        Observed o = observe();
        Optional<Slot> trying = o.stored().trying();
        if (trying.isEmpty() || o.running() != trying.get()) {
            throw new IllegalStateException("no slot runs on trial: running " + o.running() + ", marked "
                    + trying.map(Slot::name).orElse("none"));
        }
        // The bootloader's file first: once it names the slot, every later boot starts it, whatever else is lost.
        writeAutoboot(new TrybootAutoboot(partition(trying.get()), partition(trying.get())));
        save(o.stored().cleared(o.stored().lastRollback(), o.bootId()));
        log.info("Committed slot {}", trying.get());
    }

    @Override
    public synchronized void rollback(String reason) throws IOException {
        Observed o = observe();
        if (o.stored().trying().isEmpty()) {
            throw new IllegalStateException("nothing to roll back: slot " + o.committed() + " is committed");
        }
        abandon(o, reason);
        log.warn("Rolled back from slot {} to {}: {}{}", o.stored().trying().get(), o.committed(), reason,
                o.running() != o.committed() ? " (takes effect at the next plain reboot)" : "");
    }

    private void abandon(Observed o, String reason) throws IOException {
        writeAutoboot(new TrybootAutoboot(o.autoboot().committedPartition(), partition(o.committed())));
        save(o.stored().cleared(Optional.of(reason), o.bootId()));
    }

    /** Writes a repair {@link #observe()} made in memory, e.g. completing an interrupted commit. */
    private void saveIfChanged(Stored observed) throws IOException {
        if (!observed.equals(readStored())) {
            save(observed);
        }
    }

    private void writeAutoboot(TrybootAutoboot wanted) throws IOException {
        if (!wanted.equals(TrybootAutoboot.read(layout.autoboot()))) {
            wanted.write(layout.autoboot());
        }
    }

    private int partition(Slot slot) {
        return layout.partitions(slot).bootPartition();
    }

    private void save(Stored stored) throws IOException {
        DurableFiles.replace(stateFile, stored.toProperties());
    }
}
