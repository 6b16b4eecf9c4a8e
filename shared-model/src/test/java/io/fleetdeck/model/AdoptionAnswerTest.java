package io.fleetdeck.model;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdoptionAnswerTest {
    private static final DeviceId DEVICE = DeviceId.of("pi-1234abcd");
    private final KeyPair device = ed25519();
    private final KeyFingerprint console = KeyFingerprint.of(ed25519().getPublic());

    @Test
    void anAnswerSignedByTheDeviceVerifiesAfterTheRoundTrip() throws Exception {
        AdoptionAnswer answer = AdoptionAnswer.sign(DEVICE, console, device.getPublic(), device.getPrivate(),
                "0123456789abcdef0123");

        AdoptionAnswer back = AdoptionAnswer.from(answer.toData());

        assertThat(back.verifies(DEVICE, console)).isTrue();
        assertThat(back.fingerprint()).isEqualTo(KeyFingerprint.of(device.getPublic()));
        assertThat(back.toString()).doesNotContain("0123456789abcdef0123");
    }

    @Test
    void aPlantedPasswordOrAnotherDeviceOrConsoleDoesNotVerify() throws Exception {
        Map<String, String> data = new HashMap<>(AdoptionAnswer.sign(DEVICE, console, device.getPublic(),
                device.getPrivate(), "0123456789abcdef0123").toData());
        AdoptionAnswer genuine = AdoptionAnswer.from(data);
        data.put(AdoptionAnswer.PASSWORD, "planted-by-someone-else");

        assertThat(AdoptionAnswer.from(data).verifies(DEVICE, console)).isFalse();
        assertThat(genuine.verifies(DeviceId.of("pi-other"), console)).isFalse();
        assertThat(genuine.verifies(DEVICE, KeyFingerprint.of(ed25519().getPublic()))).isFalse();
    }

    @Test
    void anAnswerWithoutTheFieldsIsMalformed() {
        assertThatThrownBy(() -> AdoptionAnswer.from(Map.of("outcome", "ADDED")))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("deviceKey");
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
