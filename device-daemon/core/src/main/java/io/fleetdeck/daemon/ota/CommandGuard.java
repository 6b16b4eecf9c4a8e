package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.MessageEnvelope;
import io.fleetdeck.model.MessageSignature;
import io.fleetdeck.model.MessageSignatures;
import io.fleetdeck.model.MessageVerificationException;
import io.fleetdeck.model.MessageVerificationException.Reason;
import io.fleetdeck.model.SignatureDomain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Lets through only commands the operator signed, once, in time: {@code UNSIGNED}, {@code UNKNOWN_KEY} (the signer is
 * not one of the {@link TrustedKeys}), {@code BAD_SIGNATURE}, {@code EXPIRED} (past {@code fd-exp} on the device's
 * clock) and {@code REPLAYED} (its nonce was seen). Staleness of installs is {@link InstallFreshness}'s.
 *
 * <p>A Pi has no real-time clock: until NTP sets it, it counts from an old date. A device clock before this daemon's
 * build time was never set, and refusing every command as expired would leave the device unreachable, so then the
 * expiry is not checked (with a warning); the nonce and the install's staleness still are.
 */
public final class CommandGuard {
    /**
     * No daemon of this source was built before this instant, so a clock showing an earlier time was never set. Move
     * it forward with releases; a later value only makes the expiry check apply to more clocks.
     */
    public static final long BUILT_MS = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
    private static final Logger log = LoggerFactory.getLogger(CommandGuard.class);

    private final DeviceId device;
    private final TrustedKeys keys;
    private final LongSupplier clock;
    private final long builtMs;
    private final NonceCache nonces;
    private final MessageSignatures signatures = new MessageSignatures(SignatureDomain.COMMAND);

    public CommandGuard(DeviceId device, TrustedKeys keys, LongSupplier clock) {
        this(device, keys, clock, BUILT_MS, new NonceCache(NonceCache.DEFAULT_CAPACITY));
    }

    CommandGuard(DeviceId device, TrustedKeys keys, LongSupplier clock, long builtMs, NonceCache nonces) {
        this.device = Objects.requireNonNull(device, "device");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.builtMs = builtMs;
        this.nonces = Objects.requireNonNull(nonces, "nonces");
    }

    /**
     * Checks {@code message}'s signature, expiry and nonce, in that order; a message that passes has its nonce
     * remembered, so the same bytes never pass twice.
     *
     * @return the verified signature (its expiry orders installs)
     * @throws MessageVerificationException the first check that failed
     * @throws IOException                  the trusted keys cannot be read
     */
    public MessageSignature check(MessageEnvelope message) throws MessageVerificationException, IOException {
        MessageSignature signature = signatures.verify(message, keys.all());
        long now = clock.getAsLong();
        if (now < builtMs) {
            log.warn("{}: device clock {} is before this daemon was built ({}): never set, so the expiry of {} on {} "
                    + "is not checked", device, Instant.ofEpochMilli(now), Instant.ofEpochMilli(builtMs),
                    Instant.ofEpochMilli(signature.expiresMs()), message.topic());
        } else if (now > signature.expiresMs()) {
            throw new MessageVerificationException(Reason.EXPIRED, "signature expired at "
                    + Instant.ofEpochMilli(signature.expiresMs()) + ", device clock " + Instant.ofEpochMilli(now));
        }
        // A clock that was never set cannot say what has expired: then nonces are forgotten only when the cache is full.
        long forgetBefore = now < builtMs ? Long.MIN_VALUE : now;
        if (!nonces.add(signature.nonce(), signature.expiresMs(), forgetBefore)) {
            throw new MessageVerificationException(Reason.REPLAYED, "nonce " + signature.nonce()
                    + " was already used: a copy of an earlier command");
        }
        return signature;
    }
}
