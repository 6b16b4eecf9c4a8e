package io.fleetdeck.model;

import io.fleetdeck.model.MessageVerificationException.Reason;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageSignaturesTest {
    private static final String TOPIC = "fleetdeck/v1/pi-0001/cmd/install";
    private static final byte[] PAYLOAD = "{\"v\":1,\"args\":{\"job\":\"job-1\"}}".getBytes(StandardCharsets.UTF_8);
    private static final long NOW = 1_764_000_000_000L;

    private final MessageSignatures commands = new MessageSignatures(SignatureDomain.COMMAND);
    private final KeyPair operator = generate();

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private MessageSignature viaProperties(MessageSignature signature) throws MessageVerificationException {
        List<Map.Entry<String, String>> wire = new ArrayList<>(signature.toProperties().entrySet());
        return MessageSignature.fromProperties(wire).orElseThrow();
    }

    private Reason refusal(String topic, byte[] payload, Optional<MessageSignature> signature, KeyPair trusted) {
        try {
            commands.verify(topic, payload, signature, trusted.getPublic());
            throw new AssertionError("verified");
        } catch (MessageVerificationException e) {
            return e.reason();
        }
    }

    @Test
    void acceptsACommandSignedByTheTrustedKeyAfterTheUserPropertyRoundTrip() throws Exception {
        MessageSignature signed = viaProperties(commands.sign(TOPIC, PAYLOAD, operator, NOW));

        assertThat(commands.verify(TOPIC, PAYLOAD, Optional.of(signed), operator.getPublic())).isEqualTo(signed);
        assertThat(signed.expiresMs()).isEqualTo(NOW + MessageSignatures.LIFETIME.toMillis());
        assertThat(signed.key()).isEqualTo(KeyFingerprint.of(operator.getPublic()));
    }

    @Test
    void signsTheDocumentedBytes() {
        byte[] bytes = commands.signedBytes(TOPIC, 42, "AAAAAAAAAAAAAAAAAAAAAA", PAYLOAD);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("fleetdeck-cmd-v1\n" + TOPIC
                + "\n42\nAAAAAAAAAAAAAAAAAAAAAA\n" + new String(PAYLOAD, StandardCharsets.UTF_8));
    }

    @Test
    void givesEachSignatureItsOwnSixteenByteNonce() {
        String first = commands.sign(TOPIC, PAYLOAD, operator, NOW).nonce();
        String second = commands.sign(TOPIC, PAYLOAD, operator, NOW).nonce();

        assertThat(first).isNotEqualTo(second).hasSize(22).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void refusesAnUnsignedMessage() {
        assertThat(refusal(TOPIC, PAYLOAD, Optional.empty(), operator)).isEqualTo(Reason.UNSIGNED);
    }

    @Test
    void refusesAMessageSignedByAnotherKey() {
        MessageSignature signed = commands.sign(TOPIC, PAYLOAD, generate(), NOW);

        assertThat(refusal(TOPIC, PAYLOAD, Optional.of(signed), operator)).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void refusesAnotherTopicAnotherPayloadAndAnotherExpiry() {
        MessageSignature signed = commands.sign(TOPIC, PAYLOAD, operator, NOW);
        MessageSignature later = new MessageSignature(signed.key(), signed.expiresMs() + 1, signed.nonce(),
                signed.signature());

        assertThat(refusal("fleetdeck/v1/pi-0002/cmd/install", PAYLOAD, Optional.of(signed), operator))
                .isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(refusal(TOPIC, "{\"v\":1,\"args\":{}}".getBytes(StandardCharsets.UTF_8), Optional.of(signed),
                operator)).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(refusal(TOPIC, PAYLOAD, Optional.of(later), operator)).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void refusesADeviceReportSignatureAsACommand() {
        MessageSignature report = new MessageSignatures(SignatureDomain.REPORT).sign(TOPIC, PAYLOAD, operator, NOW);

        assertThat(refusal(TOPIC, PAYLOAD, Optional.of(report), operator)).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void readsNoPropertiesAsUnsignedAndHalfASignatureAsBroken() throws Exception {
        assertThat(MessageSignature.fromProperties(List.of(new SimpleEntry<>("other", "x")))).isEmpty();
        MessageSignature signed = commands.sign(TOPIC, PAYLOAD, operator, NOW);
        List<Map.Entry<String, String>> half = List.of(new SimpleEntry<>(MessageSignature.KEY, signed.key().value()));
        List<Map.Entry<String, String>> twice = new ArrayList<>(signed.toProperties().entrySet());
        twice.add(new SimpleEntry<>(MessageSignature.NONCE, signed.nonce()));

        for (List<Map.Entry<String, String>> broken : List.of(half, twice)) {
            assertThatThrownBy(() -> MessageSignature.fromProperties(broken))
                    .isInstanceOfSatisfying(MessageVerificationException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
        }
    }
}
