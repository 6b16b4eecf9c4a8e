package io.fleetdeck.daemon.tryboot;

import io.fleetdeck.model.Slot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * A slot image as one channel over its two partitions: bytes {@code [0, bootBytes)} are the boot partition, the rest
 * the root partition. Partitions have a fixed length, so {@link #size()} is the slot's capacity and
 * {@link #truncate(long)} discards nothing: a writer that truncates to drop torn bytes rewrites them anyway.
 */
final class TrybootSlotChannel extends FileChannel {
    private static final int COPY_BUFFER = 1 << 16;

    private final Slot slot;
    private final FileChannel boot;
    private final long bootBytes;
    private final FileChannel root;
    private final long rootBytes;
    private long position;

    private TrybootSlotChannel(Slot slot, FileChannel boot, long bootBytes, FileChannel root, long rootBytes) {
        this.slot = slot;
        this.boot = boot;
        this.bootBytes = bootBytes;
        this.root = root;
        this.rootBytes = rootBytes;
    }

    /** Opens both partitions, never creating or truncating them: they are devices, or fixed-size stand-ins. */
    static TrybootSlotChannel open(Slot slot, TrybootPartitions partitions, long bootBytes, long rootBytes,
                                   boolean write) throws IOException {
        Set<OpenOption> options = write ? Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE)
                : Set.of(StandardOpenOption.READ);
        FileChannel boot = FileChannel.open(partitions.bootDevice(), options);
        try {
            FileChannel root = FileChannel.open(partitions.rootDevice(), options);
            return new TrybootSlotChannel(slot, boot, bootBytes, root, rootBytes);
        } catch (IOException | RuntimeException e) {
            boot.close();
            throw e;
        }
    }

    @Override
    public int read(ByteBuffer dst, long at) throws IOException {
        ensureOpen();
        if (at < 0) {
            throw new IllegalArgumentException("negative position " + at);
        }
        if (at >= size()) {
            return -1;
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        boolean inBoot = at < bootBytes;
        long local = inBoot ? at : at - bootBytes;
        int n = (int) Math.min(dst.remaining(), (inBoot ? bootBytes : rootBytes) - local);
        ByteBuffer part = dst.slice(dst.position(), n);
        int read = (inBoot ? boot : root).read(part, local);
        if (read > 0) {
            dst.position(dst.position() + read);
        }
        return read;
    }

    @Override
    public int write(ByteBuffer src, long at) throws IOException {
        ensureOpen();
        if (at < 0) {
            throw new IllegalArgumentException("negative position " + at);
        }
        if (!src.hasRemaining()) {
            return 0;
        }
        if (at >= size()) {
            throw new IOException("slot " + slot + " ends at byte " + size() + "; cannot write at " + at);
        }
        boolean inBoot = at < bootBytes;
        long local = inBoot ? at : at - bootBytes;
        int n = (int) Math.min(src.remaining(), (inBoot ? bootBytes : rootBytes) - local);
        ByteBuffer part = src.slice(src.position(), n);
        int written = (inBoot ? boot : root).write(part, local);
        src.position(src.position() + written);
        return written;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = read(dst, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            while (dsts[i].hasRemaining()) {
                int n = read(dsts[i]);
                if (n <= 0) {
                    return total == 0 && n < 0 ? -1 : total;
                }
                total += n;
            }
        }
        return total;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = write(src, position);
        position += n;
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            while (srcs[i].hasRemaining()) {
                total += write(srcs[i]);
            }
        }
        return total;
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return bootBytes + rootBytes;
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        ensureOpen();
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        position = Math.min(position, size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        ensureOpen();
        boot.force(metaData);
        root.force(metaData);
    }

    @Override
    public long transferTo(long from, long count, WritableByteChannel target) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(COPY_BUFFER);
        long done = 0;
        while (done < count) {
            buffer.clear().limit((int) Math.min(COPY_BUFFER, count - done));
            int n = read(buffer, from + done);
            if (n <= 0) {
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                target.write(buffer);
            }
            done += n;
        }
        return done;
    }

    @Override
    public long transferFrom(ReadableByteChannel source, long to, long count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(COPY_BUFFER);
        long done = 0;
        while (done < count) {
            buffer.clear().limit((int) Math.min(COPY_BUFFER, count - done));
            int n = source.read(buffer);
            if (n <= 0) {
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                done += write(buffer, to + done);
            }
        }
        return done;
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long at, long size) {
        throw new UnsupportedOperationException("slot " + slot + " spans two partitions and cannot be mapped");
    }

    @Override
    public FileLock lock(long at, long size, boolean shared) {
        throw new UnsupportedOperationException("slot " + slot + " spans two partitions and cannot be locked");
    }

    @Override
    public FileLock tryLock(long at, long size, boolean shared) {
        throw new UnsupportedOperationException("slot " + slot + " spans two partitions and cannot be locked");
    }

    @Override
    protected void implCloseChannel() throws IOException {
        try (boot; root) {
            // both closed, the second even when the first fails
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }
}
