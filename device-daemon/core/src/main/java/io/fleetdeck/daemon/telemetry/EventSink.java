package io.fleetdeck.daemon.telemetry;

import io.fleetdeck.model.DeviceEvent;

/** Where a device's {@link DeviceEvent}s go: the MQTT {@code events} topic, or a list in tests. */
@FunctionalInterface
public interface EventSink {
    /** Queues the event for publication; never blocks on the network. */
    void publish(DeviceEvent event);
}
