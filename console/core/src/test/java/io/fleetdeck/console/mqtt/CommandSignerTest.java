package io.fleetdeck.console.mqtt;

import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.MessageEnvelope;
import io.fleetdeck.model.MessageSignature;
import io.fleetdeck.model.MessageSignatures;
import io.fleetdeck.model.SignatureDomain;
import io.fleetdeck.testkit.ota.OtaFixtures;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommandSignerTest {
    @Test
    void signsWithTheOperatorKeyForFiveMinutesFromTheConsolesClock() throws Exception {
        KeyPair operator = OtaFixtures.newKey();
        Clock clock = Clock.fixed(Instant.ofEpochMilli(1_764_000_000_000L), ZoneOffset.UTC);
        String topic = "fleetdeck/v1/pi-1/cmd/install";
        byte[] payload = "{\"v\":1,\"args\":{}}".getBytes(StandardCharsets.UTF_8);

        Map<String, String> properties = new CommandSigner(operator, clock).sign(topic, payload);
        MessageSignature signature = new MessageSignatures(SignatureDomain.COMMAND).verify(
                new MessageEnvelope(topic, payload, List.copyOf(properties.entrySet())),
                Map.of(KeyFingerprint.of(operator.getPublic()), operator.getPublic()));

        assertThat(properties).containsOnlyKeys(MessageSignature.PROPERTIES);
        assertThat(signature.expiresMs()).isEqualTo(1_764_000_300_000L);
        assertThat(new CommandSigner(operator, clock).sign(topic, payload).get(MessageSignature.NONCE))
                .isNotEqualTo(properties.get(MessageSignature.NONCE));
    }
}
