package io.fleetdeck.model;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustKeyCommandTest {
    private static final DeviceId DEVICE = DeviceId.of("pi-1234abcd");
    private static final PairingCode CODE = PairingCode.parse("ABCD-EFGH");
    private final PayloadCodec codec = new PayloadCodec();
    private final SecureRandom random = new SecureRandom();
    private final KeyPair console = ed25519();

    @Test
    void anOfferSurvivesTheWireSignedForItsDeviceAndProvingTheCode() throws Exception {
        TrustKeyCommand offer = TrustKeyCommand.offer(DEVICE, "console-test", console, Optional.of(CODE), random);

        TrustKeyCommand back = TrustKeyCommand.from(codec.decodeCommand(codec.encode(offer.toRequest())));

        assertThat(back.fingerprint()).isEqualTo(KeyFingerprint.of(console.getPublic()));
        assertThat(back.signedFor(DEVICE)).isTrue();
        assertThat(back.proves(DEVICE, CODE)).isTrue();
        assertThat(back.signedFor(DeviceId.of("pi-other"))).isFalse();
        assertThat(back.proves(DeviceId.of("pi-other"), CODE)).isFalse();
        assertThat(back.proves(DEVICE, PairingCode.parse("ABCD-EFGJ"))).isFalse();
    }

    @Test
    void anOfferWithoutACodeProvesNothingButIsStillSigned() {
        TrustKeyCommand offer = TrustKeyCommand.offer(DEVICE, "console-test", console, Optional.empty(), random);

        assertThat(offer.hasProof()).isFalse();
        assertThat(offer.proves(DEVICE, CODE)).isFalse();
        assertThat(offer.signedFor(DEVICE)).isTrue();
    }

    @Test
    void anotherKeyInTheOfferBreaksItsSignature() throws Exception {
        Map<String, String> args = new HashMap<>(TrustKeyCommand.offer(DEVICE, "console-test", console, Optional.of(CODE), random)
                .toRequest().args());
        KeyPair attacker = ed25519();
        args.put("key", java.util.Base64.getEncoder().encodeToString(attacker.getPublic().getEncoded()));
        args.put("fingerprint", KeyFingerprint.of(attacker.getPublic()).value());

        TrustKeyCommand forged = TrustKeyCommand.from(new CommandRequest(args));

        assertThat(forged.signedFor(DEVICE)).isFalse();
        assertThat(forged.proves(DEVICE, CODE)).isFalse();
    }

    @Test
    void refusesAMismatchedFingerprintAndMissingOrExtraArguments() {
        Map<String, String> args = new HashMap<>(TrustKeyCommand.offer(DEVICE, "console-test", console, Optional.empty(), random)
                .toRequest().args());
        args.put("fingerprint", KeyFingerprint.of(ed25519().getPublic()).value());
        assertThatThrownBy(() -> TrustKeyCommand.from(new CommandRequest(args)))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("does not match");
        args.remove("signature");
        assertThatThrownBy(() -> TrustKeyCommand.from(new CommandRequest(args)))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("expected exactly");
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
