package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.MessageEnvelope;
import io.fleetdeck.model.MessageVerificationException;
import io.fleetdeck.model.MessageVerificationException.Reason;
import io.fleetdeck.testkit.mqtt.SignedMessages;
import io.fleetdeck.testkit.ota.OtaFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operator-signature check of a device, against real key files. */
class CommandGuardTest {
    private static final DeviceId DEVICE = DeviceId.of("guard-1");
    private static final String TOPIC = "fleetdeck/v1/guard-1/cmd/preflight";
    private static final byte[] PAYLOAD = "{\"v\":1,\"args\":{}}".getBytes(StandardCharsets.UTF_8);
    private static final KeyPair OPERATOR = OtaFixtures.newKey();

    @TempDir
    Path dir;

    private long now = System.currentTimeMillis();
    private CommandGuard guard;

    @BeforeEach
    void setUp() throws Exception {
        TrustedKeys keys = new TrustedKeys(dir, Optional.empty());
        keys.trust(OPERATOR.getPublic());
        guard = new CommandGuard(DEVICE, keys, () -> now, CommandGuard.BUILT_MS, new NonceCache(16));
    }

    private static MessageEnvelope signed(KeyPair signer, long expiresMs) {
        return new MessageEnvelope(TOPIC, PAYLOAD,
                List.copyOf(SignedMessages.command(signer, TOPIC, PAYLOAD, expiresMs).entrySet()));
    }

    private Reason refusal(MessageEnvelope message) {
        try {
            guard.check(message);
            throw new AssertionError("passed");
        } catch (MessageVerificationException e) {
            return e.reason();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void passesACommandOfATrustedKeyOnce() throws Exception {
        MessageEnvelope message = signed(OPERATOR, now + 60_000);

        assertThat(guard.check(message).key().value()).startsWith("SHA256:");
        assertThat(refusal(message)).isEqualTo(Reason.REPLAYED);
    }

    @Test
    void namesEachWayACommandFails() {
        assertThat(refusal(MessageEnvelope.unsigned(TOPIC, PAYLOAD))).isEqualTo(Reason.UNSIGNED);
        assertThat(refusal(signed(OtaFixtures.newKey(), now + 60_000))).isEqualTo(Reason.UNKNOWN_KEY);
        MessageEnvelope good = signed(OPERATOR, now + 60_000);
        assertThat(refusal(new MessageEnvelope(TOPIC.replace("preflight", "install"), PAYLOAD,
                good.userProperties()))).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(refusal(signed(OPERATOR, now - 1))).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void skipsTheExpiryOnAClockThatWasNeverSetButStillRefusesACopy() throws Exception {
        now = CommandGuard.BUILT_MS - 365L * 86_400_000L;
        MessageEnvelope longExpired = signed(OPERATOR, now - 86_400_000L);

        guard.check(longExpired);

        assertThatThrownBy(() -> guard.check(longExpired)).isInstanceOfSatisfying(MessageVerificationException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.REPLAYED));
    }
}
