package io.fleetdeck.console.trust;

import io.fleetdeck.console.audit.AuditAction;
import io.fleetdeck.console.audit.AuditLog;
import io.fleetdeck.console.broker.auth.PasswordHash;
import io.fleetdeck.console.fleet.DeviceAdopter;
import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.fleet.PresenceState;
import io.fleetdeck.console.history.PinnedKeyStore;
import io.fleetdeck.model.AdoptionAnswer;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.PairingCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Adoption, both ways and without a race: the console offers its operator key to the device ({@code cmd/trust-key},
 * with the pairing code the operator typed, see {@link KeyInstaller}); the device answers with its broker password,
 * signed by the key it announces over mDNS. Only then is that key pinned in the history file together with the
 * password's hash, and the broker admits the device as adopted ({@link FleetAccounts}). Later announcements of the
 * same id with another key are conflicts (see {@link FleetRegistry}).
 *
 * <p>Nothing is pinned when the device refused (it trusts another console, or the code is wrong) or did not answer:
 * such a device cannot take this console's releases, so showing it as adopted would only move the failure to the
 * first rollout. Adopting again retries; a device takes the same key again without a code.
 */
public final class DeviceTrust implements DeviceAdopter {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceTrust.class);
    /** A device reconnects about a second after answering; a busy broker or host may take longer. */
    private static final Duration RECONNECT_WAIT = Duration.ofSeconds(15);

    private final FleetRegistry registry;
    private final PinnedKeyStore pins;
    private final KeyInstaller keys;
    private final Optional<FleetAccounts> accounts;
    private final Executor background;
    private final Clock clock;
    private final AuditLog audit;
    private final SecureRandom random = new SecureRandom();

    public DeviceTrust(FleetRegistry registry, PinnedKeyStore pins, KeyInstaller keys,
                       Optional<FleetAccounts> accounts, Executor background, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.registry = registry;
        this.pins = pins;
        this.keys = keys;
        this.accounts = accounts;
        this.background = background;
        this.clock = clock;
    }

    /** Loads the pins of earlier runs into the registry; blocking, call at start-up. */
    public void restore() {
        registry.restorePins(pins.all());
    }

    @Override
    public CompletableFuture<KeyFingerprint> adopt(DeviceId device, Optional<PairingCode> code) {
        return CompletableFuture.supplyAsync(() -> announcedKey(device), background)
                .thenCompose(announced -> keys.install(device, announced, code).thenApplyAsync(accepted -> {
                    AdoptionAnswer answer = accepted.answer();
                    long answeredAt = clock.millis();
                    PasswordHash password = PasswordHash.of(answer.password(), random);
                    pins.adopt(device, answer.deviceKey(), password, answeredAt);
                    accounts.ifPresent(a -> a.admit(device, password));
                    registry.pin(device, announced);
                    LOG.info("Adopted {}: it trusts key {}, its key {} is pinned", device, keys.fingerprint(),
                            announced);
                    return accepted.reconnects() ? answeredAt : -1L;
                }, background)
                // Waiting for the reconnect holds no worker, so adopting a bench of devices runs side by side.
                .thenCompose(answeredAt -> answeredAt < 0 ? CompletableFuture.completedFuture(announced)
                        : CompletableFuture.supplyAsync(() -> {
                            awaitReconnect(device, answeredAt);
                            return announced;
                        }, runnable -> Thread.ofVirtual().name("adopt-" + device).start(runnable))))
                .whenComplete((key, failure) -> {
                    String how = code.isPresent() ? "with its pairing code" : "without a pairing code";
                    if (failure != null) {
                        String reason = failure.getCause() != null ? failure.getCause().getMessage()
                                : failure.getMessage();
                        LOG.warn("Adopting {} failed: {}", device, reason);
                        audit.failed(AuditAction.ADOPT, device.value(), how + ": " + reason);
                    } else {
                        audit.succeeded(AuditAction.ADOPT, device.value(), how + "; it trusts key "
                                + keys.fingerprint().value() + ", its key " + key.value() + " is pinned");
                    }
                });
    }

    /**
     * Commands sent while the device reconnects with its new password would be lost, so adoption completes once it
     * is back; a device that does not come back in time is still adopted (it will be when it reconnects).
     */
    private void awaitReconnect(DeviceId device, long answeredAt) {
        long deadline = System.nanoTime() + RECONNECT_WAIT.toNanos();
        while (registry.onlineStatusAt(device) < answeredAt && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (registry.onlineStatusAt(device) < answeredAt) {
            LOG.warn("Adopted {}, but it has not reconnected with its new broker password within {} s", device,
                    RECONNECT_WAIT.toSeconds());
        }
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
