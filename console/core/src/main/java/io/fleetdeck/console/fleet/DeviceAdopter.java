package io.fleetdeck.console.fleet;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.PairingCode;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Adopts a device: pins the key it announces, off the FX thread. Fails with the reason when it cannot. A device that
 * trusts no console yet needs its pairing code; one provisioned with this console's key (or adopted before) does not.
 */
public interface DeviceAdopter {
    CompletableFuture<KeyFingerprint> adopt(DeviceId device, Optional<PairingCode> code);

    default CompletableFuture<KeyFingerprint> adopt(DeviceId device) {
        return adopt(device, Optional.empty());
    }
}
