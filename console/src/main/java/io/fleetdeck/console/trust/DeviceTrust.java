package io.fleetdeck.console.trust;

import io.fleetdeck.console.fleet.DeviceAdopter;
import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.history.PinnedKeyStore;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Trust on first adoption: the operator adopts a device, and the key it announces over mDNS at that moment is pinned
 * in the history file. Later announcements of the same id with another key are conflicts (see {@link FleetRegistry}).
 */
public final class DeviceTrust implements DeviceAdopter {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceTrust.class);

    private final FleetRegistry registry;
    private final PinnedKeyStore pins;
    private final Executor background;
    private final Clock clock;

    public DeviceTrust(FleetRegistry registry, PinnedKeyStore pins, Executor background, Clock clock) {
        this.registry = registry;
        this.pins = pins;
        this.background = background;
        this.clock = clock;
    }

    /** Loads the pins of earlier runs into the registry; blocking, call at start-up. */
    public void restore() {
        registry.restorePins(pins.all());
    }

    @Override
    public CompletableFuture<KeyFingerprint> adopt(DeviceId device) {
        return CompletableFuture.supplyAsync(() -> adoptNow(device), background).whenComplete((key, failure) -> {
            if (failure != null) {
                LOG.warn("Adopting {} failed: {}", device, failure.getCause() != null
                        ? failure.getCause().getMessage() : failure.getMessage());
            }
        });
    }

    private KeyFingerprint adoptNow(DeviceId device) {
        DeviceSnapshot snapshot = registry.device(device)
                .orElseThrow(() -> new AdoptionException(device, "the console does not know this device"));
        if (snapshot.keyConflict().isPresent()) {
            throw new AdoptionException(device, snapshot.keyConflict().get());
        }
        KeyFingerprint key = snapshot.discovery().filter(d -> d.present()).map(d -> d.announcement().fingerprint())
                .orElseThrow(() -> new AdoptionException(device, "it is not announcing its key over mDNS right now"
                        + " (is it on this network segment, and is --mdns-interface set?)"));
        pins.pin(device, key, clock.millis());
        registry.pin(device, key);
        return key;
    }
}
