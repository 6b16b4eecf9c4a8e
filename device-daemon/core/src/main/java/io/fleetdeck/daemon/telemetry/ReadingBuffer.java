package io.fleetdeck.daemon.telemetry;

import io.fleetdeck.model.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Readings waiting to be published, bounded: when it is full the oldest reading is dropped and counted, because for
 * a dashboard the newest data is worth more than the oldest. Samplers add, one publisher drains. Thread-safe.
 */
public final class ReadingBuffer implements Consumer<Reading> {
    private static final Logger log = LoggerFactory.getLogger(ReadingBuffer.class);

    private final String owner;
    private final int capacity;
    private final ArrayDeque<Reading> readings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long droppedSinceTaken;
    private long droppedTotal;
    /** The batch size the publisher waits for; reaching it wakes the publisher before its linger time is up. */
    private int batchWanted = 1;
    /** Counts {@link #wake()} calls: a drain that sees it change stops lingering. */
    private long wakeups;

    /** {@code owner} names the device in the log line when the buffer starts dropping. */
    public ReadingBuffer(int capacity, String owner) {
        this.owner = owner;
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.readings = new ArrayDeque<>(Math.min(capacity, 4096));
    }

    @Override
    public void accept(Reading reading) {
        lock.lock();
        try {
            if (readings.size() == capacity) {
                readings.pollFirst();
                if (droppedSinceTaken == 0) {
                    log.warn("{}: telemetry buffer full ({} readings), dropping the oldest until it drains", owner,
                            capacity);
                }
                droppedSinceTaken++;
                droppedTotal++;
            }
            readings.addLast(reading);
            if (readings.size() >= batchWanted) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code max} readings are there or {@code lingerMs} have passed, whichever comes first, and takes up
     * to {@code max}. Returns an empty list when nothing arrived in time.
     */
    public List<Reading> drain(int max, long lingerMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lingerMs);
        lock.lockInterruptibly();
        try {
            batchWanted = max;
            long wokenAt = wakeups;
            long left;
            while (readings.size() < max && wakeups == wokenAt && (left = deadline - System.nanoTime()) > 0) {
                changed.awaitNanos(left);
            }
            int n = Math.min(max, readings.size());
            List<Reading> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(readings.pollFirst());
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Ends a drain's linger now with what is there: a closing session should not wait out a batch that is not coming. */
    public void wake() {
        lock.lock();
        try {
            wakeups++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Readings dropped since the last call, and resets that count (the total stays). */
    public long takeDropped() {
        lock.lock();
        try {
            long n = droppedSinceTaken;
            droppedSinceTaken = 0;
            return n;
        } finally {
            lock.unlock();
        }
    }

    public long droppedTotal() {
        lock.lock();
        try {
            return droppedTotal;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return readings.size();
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }
}
