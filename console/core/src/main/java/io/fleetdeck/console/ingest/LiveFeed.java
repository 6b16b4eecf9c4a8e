package io.fleetdeck.console.ingest;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Reading;

import java.util.List;

/**
 * Accepted readings of one device as they arrive, for live charts. Listeners run on the ingest thread: they must
 * only copy into their own buffers and return.
 */
public interface LiveFeed {

    /** Calls {@code listener} with every accepted batch of {@code device} until the returned handle is closed. */
    Subscription subscribe(DeviceId device, ReadingListener listener);

    /** Receives readings on the ingest thread. */
    @FunctionalInterface
    interface ReadingListener {
        void onReadings(DeviceId device, List<Reading> readings);
    }

    /** Ends a subscription; idempotent. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
