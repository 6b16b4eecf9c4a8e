package io.fleetdeck.model;

import io.fleetdeck.model.ManifestVerificationException.Reason;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestSignaturesTest {
    private final PayloadCodec codec = new PayloadCodec();
    private final ManifestSignatures signatures = new ManifestSignatures(codec);
    private final KeyPair operator = generate();
    private final Map<KeyFingerprint, PublicKey> trusted = Map.of(KeyFingerprint.of(operator.getPublic()),
            operator.getPublic());

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static FirmwareManifest manifest(String version) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest("image".getBytes(StandardCharsets.UTF_8));
        return new FirmwareManifest(version, List.of("Raspberry Pi 4", "Raspberry Pi 5"), 268_435_456L, hash,
                1_764_000_000_000L);
    }

    @Test
    void acceptsAManifestSignedByATrustedKeyAfterAJsonRoundTrip() throws Exception {
        SignedManifest signed = signatures.sign(manifest("1.5.0"), operator);
        SignedManifest received = codec.decode(codec.encode(signed), SignedManifest.class);

        assertThat(signatures.verify(received, trusted)).isEqualTo(manifest("1.5.0"));
        assertThat(new String(codec.encode(signed), StandardCharsets.UTF_8))
                .contains("\"key\":\"" + KeyFingerprint.of(operator.getPublic()).value() + "\"");
    }

    @Test
    void refusesATamperedManifest() throws Exception {
        SignedManifest signed = signatures.sign(manifest("1.5.0"), operator);
        SignedManifest tampered = new SignedManifest(signed.v(), manifest("9.9.9"), signed.key(), signed.signature());

        assertThatThrownBy(() -> signatures.verify(tampered, trusted))
                .isInstanceOfSatisfying(ManifestVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    }

    @Test
    void refusesAManifestSignedByAnUntrustedKey() throws Exception {
        SignedManifest signed = signatures.sign(manifest("1.5.0"), generate());

        assertThatThrownBy(() -> signatures.verify(signed, trusted))
                .isInstanceOfSatisfying(ManifestVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
    }

    @Test
    void refusesAKeyClaimingAnotherKeysFingerprint() throws Exception {
        KeyPair impostor = generate();
        SignedManifest honest = signatures.sign(manifest("1.5.0"), impostor);
        SignedManifest lying = new SignedManifest(honest.v(), honest.manifest(),
                KeyFingerprint.of(operator.getPublic()), honest.signature());

        assertThatThrownBy(() -> signatures.verify(lying, trusted))
                .isInstanceOfSatisfying(ManifestVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    }

    @Test
    void matchesModelsByPrefix() throws Exception {
        assertThat(manifest("1").fits("Raspberry Pi 4 Model B Rev 1.4")).isTrue();
        assertThat(manifest("1").fits("Raspberry Pi 3 Model B")).isFalse();
    }

    @Test
    void refusesMalformedManifests() {
        assertThatThrownBy(() -> new FirmwareManifest(1, "1.0", List.of("Pi"), 10, "ABC", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rawSha256");
        assertThatThrownBy(() -> new FirmwareManifest(1, "1.0", List.of(), 10, "a".repeat(64), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("models");
        assertThatThrownBy(() -> new FirmwareManifest(1, "1.0", List.of("Pi"), 0, "a".repeat(64), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rawSize");
    }

    @Test
    void installStatesMoveForwardOnlyAndCommitOnlyAfterTheHealthCheck() {
        assertThat(InstallState.QUEUED.canMoveTo(InstallState.DOWNLOADING)).isTrue();
        assertThat(InstallState.DOWNLOADING.canMoveTo(InstallState.WRITING)).isTrue();
        assertThat(InstallState.WRITING.canMoveTo(InstallState.DOWNLOADING)).isFalse();
        assertThat(InstallState.REBOOTING.canMoveTo(InstallState.COMMITTED)).isFalse();
        assertThat(InstallState.HEALTH_CHECK.canMoveTo(InstallState.COMMITTED)).isTrue();
        assertThat(InstallState.HEALTH_CHECK.canMoveTo(InstallState.ROLLED_BACK)).isTrue();
        assertThat(InstallState.DOWNLOADING.canMoveTo(InstallState.ROLLED_BACK)).isFalse();
        assertThat(InstallState.WRITING.canMoveTo(InstallState.FAILED)).isTrue();
        assertThat(InstallState.COMMITTED.canMoveTo(InstallState.FAILED)).isFalse();
        assertThat(InstallState.ROLLED_BACK.isFinal()).isTrue();
    }
}
