package io.fleetdeck.daemon.mqtt;

import io.fleetdeck.model.MessageSignature;
import io.fleetdeck.model.MessageSignatures;
import io.fleetdeck.model.SignatureDomain;

import java.security.KeyPair;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Signs what the device says about itself — install reports and command responses — with the device key, so a
 * console that pinned that key can tell them from a forgery by anyone else on the broker ({@code fleetdeck-report-v1}
 * domain, the same four user properties as a command). {@link #NONE} signs nothing, for devices without a key.
 */
public interface ReportSigner {
    /** Adds no properties: the device has no key (tests of other things). */
    ReportSigner NONE = (topic, payload, correlation) -> Map.of();

    /**
     * The user properties to publish {@code payload} on {@code topic} with.
     *
     * @param correlation the request's correlation data for a response, else null. When it is 16-64 bytes (as the
     *                    console's always are) it is the nonce, so the answer is bound to that one request
     */
    Map<String, String> sign(String topic, byte[] payload, byte[] correlation);

    /** Signs with {@code key}, valid for {@link MessageSignatures#LIFETIME} on {@code clock}. */
    static ReportSigner of(KeyPair key, LongSupplier clock) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(clock, "clock");
        MessageSignatures signatures = new MessageSignatures(SignatureDomain.REPORT);
        return (topic, payload, correlation) -> {
            long expires = clock.getAsLong() + MessageSignatures.LIFETIME.toMillis();
            String nonce = correlation != null && correlation.length >= 16 && correlation.length <= 64
                    ? Base64.getUrlEncoder().withoutPadding().encodeToString(correlation) : signatures.newNonce();
            MessageSignature signature = signatures.sign(topic, payload, key, expires, nonce);
            return signature.toProperties();
        };
    }
}
