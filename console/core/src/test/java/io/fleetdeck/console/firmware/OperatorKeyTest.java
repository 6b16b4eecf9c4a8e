package io.fleetdeck.console.firmware;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorKeyTest {
    @TempDir
    Path dataDir;

    @Test
    void createsKeyOnceAndLoadsTheSameKeyAfterwards() throws Exception {
        OperatorKey first = OperatorKey.loadOrCreate(dataDir);
        byte[] fileBefore = Files.readAllBytes(dataDir.resolve(OperatorKey.FILE_NAME));

        OperatorKey reloaded = OperatorKey.loadOrCreate(dataDir);

        assertThat(reloaded.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(reloaded.keyPair().getPrivate().getEncoded()).isEqualTo(first.keyPair().getPrivate().getEncoded());
        assertThat(Files.readAllBytes(dataDir.resolve(OperatorKey.FILE_NAME))).isEqualTo(fileBefore);
    }

    @Test
    void keyFileIsReadableByOwnerOnly() throws Exception {
        OperatorKey.loadOrCreate(dataDir);

        assertThat(PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve(OperatorKey.FILE_NAME)))).isEqualTo("rw-------");
    }

    @Test
    void leavesNoTempFilesBehind() throws Exception {
        OperatorKey.loadOrCreate(dataDir);

        try (var files = Files.list(dataDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(OperatorKey.FILE_NAME);
        }
    }

    @Test
    void keyFileIsPemThatStartsWithPkcs8PrivateKey() throws Exception {
        OperatorKey.loadOrCreate(dataDir);

        assertThat(Files.readString(dataDir.resolve(OperatorKey.FILE_NAME))).startsWith("-----BEGIN PRIVATE KEY-----\n")
                .contains("-----BEGIN PUBLIC KEY-----");
    }

    @Test
    void refusesADamagedKeyFileInsteadOfReplacingIt() throws Exception {
        Path file = dataDir.resolve(OperatorKey.FILE_NAME);
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");

        // Devices trust the old public key; a silently new key would make every later release unverifiable.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OperatorKey.loadOrCreate(dataDir))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining(OperatorKey.FILE_NAME);
        assertThat(Files.readString(file)).contains("not a key");
    }
}
