package io.fleetdeck.console.charts;

import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.locks.DataSetLock;

import java.io.Serial;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A data set's read/write lock on which a thread's own read locks do not keep it from writing; only other threads'
 * do. It replaces ChartFX's {@code DefaultDataSetLock} for the console's charts.
 * <p>
 * Why: ChartFX read-locks a chart's data sets in every layout pass and lets go only in the next post-layout pulse
 * listener. A layout outside a pulse ({@code Stage.show()}, {@code Node.layout()}) leaves them read-locked by the FX
 * thread until the next pulse, so a {@code Platform.runLater} that adds points in between waited on its own thread
 * for good: a console froze in {@code FifoDoubleErrorDataSet.add} with no other thread involved. Adding points
 * between ChartFX's layout and its drawing is harmless: the data set marks the chart dirty and the next pulse draws
 * it again.
 */
final class OwnReadsDataSetLock<D extends DataSet> implements DataSetLock<D> {
    @Serial
    private static final long serialVersionUID = 1L;
    private final transient D dataSet;
    private final transient Object monitor = new Object();
    /** Read holds per thread; guarded by {@link #monitor}. */
    private final transient Map<Thread, Integer> readers = new HashMap<>();
    /** Guarded by {@link #monitor}. */
    private transient Thread writer;
    private transient int writeHolds;

    OwnReadsDataSetLock(D dataSet) {
        this.dataSet = dataSet;
    }

    @Override
    public D readLock() {
        Thread me = Thread.currentThread();
        synchronized (monitor) {
            awaitUninterruptibly(() -> writer == null || writer == me);
            readers.merge(me, 1, Integer::sum);
        }
        return dataSet;
    }

    @Override
    public D readUnLock() {
        Thread me = Thread.currentThread();
        synchronized (monitor) {
            Integer holds = readers.get(me);
            if (holds == null) {
                throw new IllegalMonitorStateException(me.getName() + " holds no read lock on " + dataSet.getName());
            }
            if (holds == 1) {
                readers.remove(me);
                monitor.notifyAll();
            } else {
                readers.put(me, holds - 1);
            }
        }
        return dataSet;
    }

    @Override
    public D writeLock() {
        Thread me = Thread.currentThread();
        synchronized (monitor) {
            awaitUninterruptibly(() -> (writer == null || writer == me) && !othersRead(me));
            writer = me;
            writeHolds++;
        }
        return dataSet;
    }

    @Override
    public D writeUnLock() {
        Thread me = Thread.currentThread();
        synchronized (monitor) {
            if (writer != me) {
                throw new IllegalMonitorStateException(me.getName() + " holds no write lock on " + dataSet.getName());
            }
            if (--writeHolds == 0) {
                writer = null;
                monitor.notifyAll();
            }
        }
        return dataSet;
    }

    /** Whether threads other than {@code me} hold read locks; call holding {@link #monitor}. */
    private boolean othersRead(Thread me) {
        return readers.size() > (readers.containsKey(me) ? 1 : 0);
    }

    /** Waits on the monitor (held by the caller) until the condition holds; an interrupt is kept for later. */
    private void awaitUninterruptibly(java.util.function.BooleanSupplier condition) {
        boolean interrupted = false;
        while (!condition.getAsBoolean()) {
            try {
                monitor.wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public D readLockGuard(Runnable reading) {
        readLock();
        try {
            reading.run();
        } finally {
            readUnLock();
        }
        return dataSet;
    }

    @Override
    public <R> R readLockGuard(Supplier<R> reading) {
        readLock();
        try {
            return reading.get();
        } finally {
            readUnLock();
        }
    }

    /** Reads under the lock: a chart's few thousand points do not pay for optimistic reads. */
    @Override
    public D readLockGuardOptimistic(Runnable reading) {
        return readLockGuard(reading);
    }

    @Override
    public <R> R readLockGuardOptimistic(Supplier<R> reading) {
        return readLockGuard(reading);
    }

    @Override
    public D writeLockGuard(Runnable writing) {
        writeLock();
        try {
            writing.run();
        } finally {
            writeUnLock();
        }
        return dataSet;
    }

    @Override
    public <R> R writeLockGuard(Supplier<R> writing) {
        writeLock();
        try {
            return writing.get();
        } finally {
            writeUnLock();
        }
    }
}
