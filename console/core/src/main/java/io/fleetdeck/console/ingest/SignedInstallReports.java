package io.fleetdeck.console.ingest;

import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.trust.DeviceKeys;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceTopic;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.MessageEnvelope;
import io.fleetdeck.model.MessageSignatures;
import io.fleetdeck.model.MessageVerificationException;
import io.fleetdeck.model.SignatureDomain;
import io.fleetdeck.model.TopicKind;
import io.fleetdeck.model.Topics;

import java.security.PublicKey;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Lets through only install reports signed by their device's pinned key, before they reach the registry and the
 * rollout's jobs: anyone on the broker can publish a retained {@code COMMITTED} for any device, and a job must move
 * only on the device's own word. A report that does not verify (unsigned, another key, altered, or from a device with
 * no pinned key) is dropped, counted against the device (its tile shows it) and logged once per device and reason.
 * Other topics pass untouched. Runs on the MQTT callback thread.
 */
public final class SignedInstallReports implements Predicate<MessageEnvelope> {
    private final DeviceKeys keys;
    private final FleetRegistry registry;
    private final MessageSignatures signatures = new MessageSignatures(SignatureDomain.REPORT);
    private final RejectionLog rejections = new RejectionLog();
    private final AtomicLong refused = new AtomicLong();

    public SignedInstallReports(DeviceKeys keys, FleetRegistry registry) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** True when {@code message} may go on: not an install report, an empty (clearing) one, or one that verifies. */
    @Override
    public boolean test(MessageEnvelope message) {
        Optional<DeviceTopic> topic;
        try {
            topic = Topics.parse(message.topic());
        } catch (IllegalArgumentException invalid) {
            return true;
        }
        if (topic.isEmpty() || topic.get().kind() != TopicKind.INSTALL || message.payload().length == 0) {
            return true;
        }
        DeviceId device = topic.get().device();
        Optional<PublicKey> key = keys.pinnedKey(device);
        try {
            if (key.isEmpty()) {
                throw new MessageVerificationException(MessageVerificationException.Reason.UNKNOWN_KEY,
                        "no pinned key for " + device + ": adopt it before its install reports count");
            }
            signatures.verify(message, Map.of(KeyFingerprint.of(key.get()), key.get()));
            return true;
        } catch (MessageVerificationException e) {
            refused.incrementAndGet();
            String reason = "install report refused: " + e.getMessage();
            registry.recordRejection(device, reason, 1);
            rejections.rejected(device.value(), "install-signature/" + e.reason(), reason);
            return false;
        }
    }

    /** Install reports dropped because they did not verify. */
    public long refused() {
        return refused.get();
    }
}
