package io.fleetdeck.console.trust;

import io.fleetdeck.console.fleet.DeviceAdopter;
import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.fleet.PresenceState;
import io.fleetdeck.console.history.PinnedKeyStore;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Trust on first adoption, both ways: the operator adopts a device, the console installs its operator key on the
 * device ({@code cmd/trust-key}), and once the device accepted it, the key the device announces over mDNS at that
 * moment is pinned in the history file. Later announcements of the same id with another key are conflicts (see
 * {@link FleetRegistry}).
 *
 * <p>The pin is written only after the device accepted the console's key: a device that refused (it trusts another
 * console) or did not answer cannot take this console's releases, so showing it as adopted would only move the
 * failure to the first rollout. Adopting again retries both steps; a device takes the same key again.
 */
public final class DeviceTrust implements DeviceAdopter {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceTrust.class);

    private final FleetRegistry registry;
    private final PinnedKeyStore pins;
    private final KeyInstaller keys;
    private final Executor background;
    private final Clock clock;

    public DeviceTrust(FleetRegistry registry, PinnedKeyStore pins, KeyInstaller keys, Executor background,
                       Clock clock) {
        this.registry = registry;
        this.pins = pins;
        this.keys = keys;
        this.background = background;
        this.clock = clock;
    }

    /** Loads the pins of earlier runs into the registry; blocking, call at start-up. */
    public void restore() {
        registry.restorePins(pins.all());
    }

    @Override
    public CompletableFuture<KeyFingerprint> adopt(DeviceId device) {
        return CompletableFuture.supplyAsync(() -> announcedKey(device), background)
                .thenCompose(announced -> keys.install(device).thenApplyAsync(ours -> {
                    pins.pin(device, announced, clock.millis());
                    registry.pin(device, announced);
                    LOG.info("Adopted {}: it trusts key {}, its key {} is pinned", device, ours, announced);
                    return announced;
                }, background))
                .whenComplete((key, failure) -> {
                    if (failure != null) {
                        LOG.warn("Adopting {} failed: {}", device, failure.getCause() != null
                                ? failure.getCause().getMessage() : failure.getMessage());
                    }
                });
    }

    private KeyFingerprint announcedKey(DeviceId device) {
        DeviceSnapshot snapshot = registry.device(device)
                .orElseThrow(() -> new AdoptionException(device, "the console does not know this device"));
        if (snapshot.keyConflict().isPresent()) {
            throw new AdoptionException(device, snapshot.keyConflict().get());
        }
        KeyFingerprint key = snapshot.discovery().filter(d -> d.present()).map(d -> d.announcement().fingerprint())
                .orElseThrow(() -> new AdoptionException(device, "it is not announcing its key over mDNS right now"
                        + " (is it on this network segment, and is --mdns-interface set?)"));
        if (snapshot.presence() != PresenceState.ONLINE) {
            throw new AdoptionException(device, "it is not online on MQTT, and adopting it installs this console's"
                    + " key over MQTT");
        }
        return key;
    }
}
