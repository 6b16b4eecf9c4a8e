package io.fleetdeck.model;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FirmwareManifestTest {
    /** Canonical JSON of a manifest as signed before the security version existed. */
    private static final String OLD = "{\"v\":1,\"version\":\"1.5.0\",\"models\":[\"Raspberry Pi 4\"],"
            + "\"rawSize\":4096,\"rawSha256\":\"" + "ab".repeat(32) + "\",\"createdMs\":1764000000000}";

    private final PayloadCodec codec = new PayloadCodec();
    private final ManifestSignatures signatures = new ManifestSignatures(codec);

    private static KeyPair generate() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    @Test
    void readsAManifestWithoutSecurityVersionAsZeroAndWritesTheSameBytesBack() throws Exception {
        FirmwareManifest old = codec.decode(OLD.getBytes(StandardCharsets.UTF_8), FirmwareManifest.class);

        assertThat(old.securityVersion()).isZero();
        assertThat(new String(codec.encode(old), StandardCharsets.UTF_8)).isEqualTo(OLD);
    }

    @Test
    void keepsTheSignatureOfAManifestSignedBeforeTheField() throws Exception {
        KeyPair operator = generate();
        FirmwareManifest old = codec.decode(OLD.getBytes(StandardCharsets.UTF_8), FirmwareManifest.class);
        SignedManifest signed = signatures.sign(old, operator);
        // What an old console stored: the envelope with the manifest as it encoded it then, without the field.
        String stored = "{\"v\":1,\"manifest\":" + OLD + ",\"key\":\"" + signed.key() + "\",\"signature\":\""
                + signed.signature() + "\"}";

        SignedManifest read = codec.decode(stored.getBytes(StandardCharsets.UTF_8), SignedManifest.class);
        Map<KeyFingerprint, PublicKey> trusted = Map.of(signed.key(), operator.getPublic());
        assertThat(signatures.verify(read, trusted).securityVersion()).isZero();
    }

    @Test
    void carriesANonZeroSecurityVersionUnderItsSignature() throws Exception {
        KeyPair operator = generate();
        FirmwareManifest manifest = new FirmwareManifest("2.0.0", List.of("simulated"), 4096, new byte[32], 1L)
                .withSecurityVersion(3);
        SignedManifest signed = signatures.sign(manifest, operator);
        SignedManifest read = codec.decode(codec.encode(signed), SignedManifest.class);

        assertThat(new String(codec.encode(manifest), StandardCharsets.UTF_8)).endsWith(",\"securityVersion\":3}");
        assertThat(signatures.verify(read, Map.of(signed.key(), operator.getPublic())).securityVersion()).isEqualTo(3);
        SignedManifest lowered = new SignedManifest(1, manifest.withSecurityVersion(0), signed.key(),
                signed.signature());
        assertThatThrownBy(() -> signatures.verify(lowered, Map.of(signed.key(), operator.getPublic())))
                .isInstanceOf(ManifestVerificationException.class);
    }

    @Test
    void refusesANegativeOrNonIntegerSecurityVersion() {
        assertThatThrownBy(() -> codec.decode(OLD.replace("}", ",\"securityVersion\":-1}")
                .getBytes(StandardCharsets.UTF_8), FirmwareManifest.class))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(MalformedPayloadException.Reason.INVALID_VALUE));
        assertThatThrownBy(() -> codec.decode(OLD.replace("}", ",\"securityVersion\":\"2\"}")
                .getBytes(StandardCharsets.UTF_8), FirmwareManifest.class))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(MalformedPayloadException.Reason.WRONG_TYPE));
    }

    @Test
    void stillRefusesOtherMissingFields() {
        assertThatThrownBy(() -> codec.decode(OLD.replace(",\"createdMs\":1764000000000", "")
                .getBytes(StandardCharsets.UTF_8), FirmwareManifest.class))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(MalformedPayloadException.Reason.MISSING_FIELD));
    }
}
