package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.Slot;

import java.io.IOException;
import java.nio.channels.FileChannel;

/** A slot store on a disk with only {@code free} bytes left. */
public record NearlyFullSlots(SlotStore slots, long free) implements SlotStore {
    @Override
    public SlotState state() throws IOException {
        return slots.state();
    }

    @Override
    public Slot inactive() throws IOException {
        return slots.inactive();
    }

    @Override
    public long capacity(Slot slot) {
        return slots.capacity(slot);
    }

    @Override
    public long writableBytes(Slot slot) {
        return free;
    }

    @Override
    public FileChannel openForWrite(Slot slot) throws IOException {
        return slots.openForWrite(slot);
    }

    @Override
    public FileChannel openForRead(Slot slot) throws IOException {
        return slots.openForRead(slot);
    }

    @Override
    public void markTrying(Slot slot) throws IOException {
        slots.markTrying(slot);
    }

    @Override
    public BootResult boot() throws IOException {
        return slots.boot();
    }

    @Override
    public void commit() throws IOException {
        slots.commit();
    }

    @Override
    public void rollback(String reason) throws IOException {
        slots.rollback(reason);
    }
}
