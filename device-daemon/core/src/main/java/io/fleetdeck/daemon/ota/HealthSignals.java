package io.fleetdeck.daemon.ota;

import java.util.List;
import java.util.Set;

/** What the health check of a trial boot looks at: the device's own view of its broker link and its sensors. */
public interface HealthSignals {
    /** Connected to the broker now. */
    boolean connected();

    /** The sensors the device announced. */
    List<String> sensors();

    /** Sensors with at least one finite reading the broker acknowledged (QoS 1 PUBACK) since this start. */
    Set<String> acknowledgedSensors();
}
