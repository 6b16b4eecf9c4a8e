package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.Slot;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Two firmware slots and which of them boots. On a Pi this is {@code tryboot} over two partition pairs; off a Pi a
 * directory ({@link DirectorySlots}) where restarting the daemon stands in for a reboot. The slot that runs or that a
 * failed trial falls back to is never handed out for writing.
 */
public interface SlotStore {
    /** The current bookkeeping, as last made durable. */
    SlotState state() throws IOException;

    /** The slot a new image goes to: the one that is neither running nor committed. */
    Slot inactive() throws IOException;

    /** Bytes a slot can hold at most. */
    long capacity(Slot slot);

    /** Bytes that can still be written to {@code slot} now: its capacity, or less when the disk is fuller. */
    long writableBytes(Slot slot) throws IOException;

    /**
     * Opens {@code slot} for writing (and reading back) without truncating it, so a download can resume. A pending
     * trial mark on that slot is withdrawn first: a half-rewritten slot must not be booted.
     *
     * @throws IllegalArgumentException for the running or the committed slot
     */
    FileChannel openForWrite(Slot slot) throws IOException;

    /** Opens {@code slot} for reading, e.g. to check what was written. */
    FileChannel openForRead(Slot slot) throws IOException;

    /** Marks a fully written and verified slot to be booted once, on trial, at the next boot. */
    void markTrying(Slot slot) throws IOException;

    /**
     * What a (re)starting daemon calls first. A slot marked for trial is booted; a trial that was already booted once
     * and never committed is abandoned and the committed slot boots again.
     */
    BootResult boot() throws IOException;

    /** Makes the slot on trial the committed one: it passed its health check. */
    void commit() throws IOException;

    /** Abandons the trial: the committed slot runs again (off-Pi at once; on a Pi at the next reboot). */
    void rollback(String reason) throws IOException;
}
