package io.fleetdeck.console.ingest;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The {@link LiveFeed}: a listener list per device, cheap to publish to when nobody is watching. */
public final class LiveFeedHub implements LiveFeed {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeedHub.class);

    private final ConcurrentHashMap<DeviceId, CopyOnWriteArrayList<ReadingListener>> listeners =
            new ConcurrentHashMap<>();

    @Override
    public Subscription subscribe(DeviceId device, ReadingListener listener) {
        listeners.computeIfAbsent(device, id -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(device, (id, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /** Hands readings to every listener of the device; a failing listener is logged and does not stop the rest. */
    public void publish(DeviceId device, List<Reading> readings) {
        List<ReadingListener> watching = listeners.get(device);
        if (watching == null) {
            return;
        }
        for (ReadingListener listener : watching) {
            try {
                listener.onReadings(device, readings);
            } catch (RuntimeException e) {
                LOG.warn("Live listener for {} failed; it keeps its subscription", device, e);
            }
        }
    }
}
