package io.fleetdeck.console.charts;

import io.fair_acc.dataset.locks.DataSetLock;
import io.fair_acc.dataset.spi.FifoDoubleErrorDataSet;

/**
 * A chart's rolling window of points, guarded by a lock the FX thread can write through while ChartFX holds it for
 * reading (see {@link OwnReadsDataSetLock}).
 */
final class SensorDataSet extends FifoDoubleErrorDataSet {
    @java.io.Serial
    private static final long serialVersionUID = 1L;
    private final transient OwnReadsDataSetLock<SensorDataSet> lock = new OwnReadsDataSetLock<>(this);

    SensorDataSet(String name, int initialCapacity, double maxDistance) {
        super(name, initialCapacity, maxDistance);
    }

    @Override
    public DataSetLock<SensorDataSet> lock() {
        return lock;
    }
}
