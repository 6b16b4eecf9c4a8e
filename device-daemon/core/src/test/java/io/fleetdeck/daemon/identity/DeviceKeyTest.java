package io.fleetdeck.daemon.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.Signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceKeyTest {

    @Test
    void generatesOnceAndLoadsTheSameKeyOnTheNextStart(@TempDir Path state) throws Exception {
        DeviceKey first = DeviceKey.loadOrCreate(state);
        DeviceKey second = DeviceKey.loadOrCreate(state);

        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(second.publicKey().getEncoded()).isEqualTo(first.publicKey().getEncoded());
        assertThat(Files.getPosixFilePermissions(state.resolve(DeviceKey.FILE)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void loadedPrivateKeySignsWhatTheAnnouncedPublicKeyVerifies(@TempDir Path state) throws Exception {
        DeviceKey.loadOrCreate(state);
        DeviceKey loaded = DeviceKey.loadOrCreate(state);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(loaded.privateKey());
        signer.update("hello".getBytes());
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(loaded.publicKey());
        verifier.update("hello".getBytes());
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void inMemoryKeysDiffer() {
        assertThat(DeviceKey.generate().fingerprint()).isNotEqualTo(DeviceKey.generate().fingerprint());
    }

    @Test
    void refusesAFileThatIsNotAKey(@TempDir Path state) throws Exception {
        Files.writeString(state.resolve(DeviceKey.FILE), "garbage");
        assertThatThrownBy(() -> DeviceKey.loadOrCreate(state)).isInstanceOf(IdentityException.class)
                .hasMessageContaining(DeviceKey.FILE);
    }
}
