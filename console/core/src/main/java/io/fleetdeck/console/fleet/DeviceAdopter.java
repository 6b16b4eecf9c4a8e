package io.fleetdeck.console.fleet;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;

import java.util.concurrent.CompletableFuture;

/** Adopts a device: pins the key it announces, off the FX thread. Fails with the reason when it cannot. */
public interface DeviceAdopter {
    CompletableFuture<KeyFingerprint> adopt(DeviceId device);
}
