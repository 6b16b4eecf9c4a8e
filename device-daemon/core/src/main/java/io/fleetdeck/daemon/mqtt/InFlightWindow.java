package io.fleetdeck.daemon.mqtt;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the QoS 1 publishes awaiting PUBACK. Paho v5 does not queue past the broker's receive maximum; it throws
 * reason 32202, so the publisher waits here instead. The limit is set per connection from what the broker announced.
 */
public final class InFlightWindow {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int limit;
    private int inFlight;

    public InFlightWindow(int limit) {
        setLimit(limit);
    }

    public void setLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        lock.lock();
        try {
            this.limit = limit;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public void acquire() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (inFlight >= limit) {
                changed.await();
            }
            inFlight++;
        } finally {
            lock.unlock();
        }
    }

    public void release() {
        lock.lock();
        try {
            if (inFlight > 0) {
                inFlight--;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until nothing is in flight; false when the timeout passed first. */
    public boolean awaitEmpty(long timeoutMs) throws InterruptedException {
        long left = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        lock.lockInterruptibly();
        try {
            while (inFlight > 0) {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    public int limit() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }
}
