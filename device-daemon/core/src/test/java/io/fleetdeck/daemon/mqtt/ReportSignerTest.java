package io.fleetdeck.daemon.mqtt;

import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.MessageEnvelope;
import io.fleetdeck.model.MessageSignature;
import io.fleetdeck.model.MessageSignatures;
import io.fleetdeck.model.MessageVerificationException;
import io.fleetdeck.model.SignatureDomain;
import io.fleetdeck.testkit.ota.OtaFixtures;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportSignerTest {
    private static final String TOPIC = "fleetdeck/v1/pi-1/install";
    private static final byte[] PAYLOAD = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);
    private final KeyPair device = OtaFixtures.newKey();
    private final ReportSigner signer = ReportSigner.of(device, () -> 1_764_000_000_000L);

    private MessageSignature verified(String topic, Map<String, String> properties)
            throws MessageVerificationException {
        return new MessageSignatures(SignatureDomain.REPORT).verify(new MessageEnvelope(topic, PAYLOAD,
                List.copyOf(properties.entrySet())), Map.of(KeyFingerprint.of(device.getPublic()),
                device.getPublic()));
    }

    @Test
    void signsAReportWithTheDeviceKeyAsAReportNotACommand() throws Exception {
        Map<String, String> properties = signer.sign(TOPIC, PAYLOAD, null);

        assertThat(verified(TOPIC, properties).expiresMs()).isEqualTo(1_764_000_000_000L
                + MessageSignatures.LIFETIME.toMillis());
        assertThatThrownBy(() -> new MessageSignatures(SignatureDomain.COMMAND).verify(new MessageEnvelope(TOPIC,
                PAYLOAD, List.copyOf(properties.entrySet())), Map.of(KeyFingerprint.of(
                device.getPublic()), device.getPublic()))).isInstanceOf(MessageVerificationException.class);
    }

    @Test
    void bindsAnAnswerToItsRequestThroughTheCorrelationData() throws Exception {
        byte[] correlation = new byte[16];
        correlation[0] = 7;

        MessageSignature answer = verified("fleetdeck/v1/_console/c/responses",
                signer.sign("fleetdeck/v1/_console/c/responses", PAYLOAD, correlation));

        assertThat(answer.nonce()).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(correlation));
        assertThat(verified(TOPIC, signer.sign(TOPIC, PAYLOAD, new byte[2])).nonce())
                .as("too short to be a nonce: a random one").hasSize(22);
    }

    @Test
    void noneSignsNothing() {
        assertThat(ReportSigner.NONE.sign(TOPIC, PAYLOAD, null)).isEmpty();
    }
}
