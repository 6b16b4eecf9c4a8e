package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.KeyFingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Trust on first adoption over real key files: who may sign, and what a technician's edit of the directory means. */
class TrustedKeysTest {
    @TempDir
    Path dir;

    private static PublicKey newKey() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
    }

    @Test
    void trustsTheFirstKeyOfferedThenOnlyThatOne() throws Exception {
        TrustedKeys keys = new TrustedKeys(dir, Optional.empty());
        PublicKey first = newKey();
        PublicKey second = newKey();

        assertThat(keys.trust(first)).isEqualTo(TrustedKeys.Outcome.ADDED);
        assertThat(keys.trust(first)).isEqualTo(TrustedKeys.Outcome.ALREADY_TRUSTED);
        assertThat(keys.trust(second)).isEqualTo(TrustedKeys.Outcome.REFUSED);

        // A new instance (a restarted daemon) reads the same decision back from the file.
        TrustedKeys reread = new TrustedKeys(dir, Optional.empty());
        assertThat(reread.all()).containsOnlyKeys(KeyFingerprint.of(first));
        assertThat(reread.all().get(KeyFingerprint.of(first)).getEncoded()).isEqualTo(first.getEncoded());
    }

    @Test
    void writesOnePemFileNamedForTheFingerprintInTheStateDir() throws Exception {
        PublicKey key = newKey();
        new TrustedKeys(dir, Optional.empty()).trust(key);

        Path file = dir.resolve(TrustedKeys.DIRECTORY).resolve(TrustedKeys.fileName(KeyFingerprint.of(key)));
        assertThat(file).exists();
        String pem = Files.readString(file);
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        assertThat(TrustedKeys.parse(pem).getEncoded()).isEqualTo(key.getEncoded());
    }

    @Test
    void fileNamesHoldNoCharacterABase64FingerprintCouldBringIntoAPath() {
        String body = "ab+c/d/" + "x".repeat(36);
        String name = TrustedKeys.fileName(new KeyFingerprint("SHA256:" + body));
        assertThat(name).isEqualTo("SHA256_ab-c_d_" + "x".repeat(36) + ".pub");
        assertThat(Path.of(name).getNameCount()).isEqualTo(1);
    }

    @Test
    void provisionedKeysAreTrustedAndTakeTheFirstAdoption() throws Exception {
        PublicKey provisioned = newKey();
        Path etc = Files.createDirectories(dir.resolve("etc-keys"));
        Files.writeString(etc.resolve("lab-console.pub"), TrustedKeys.pem(provisioned));
        TrustedKeys keys = new TrustedKeys(dir.resolve("state"), Optional.of(etc));

        assertThat(keys.all()).containsOnlyKeys(KeyFingerprint.of(provisioned));
        assertThat(keys.trust(newKey())).isEqualTo(TrustedKeys.Outcome.REFUSED);
        assertThat(keys.trust(provisioned)).isEqualTo(TrustedKeys.Outcome.ALREADY_TRUSTED);
        assertThat(keys.adoptedDirectory()).doesNotExist();
    }

    @Test
    void anUnreadableKeyFileTrustsNothingButStillBlocksAdoption() throws Exception {
        Path adopted = Files.createDirectories(dir.resolve(TrustedKeys.DIRECTORY));
        Files.writeString(adopted.resolve("broken.pub"), "not a key\n");
        // Only *.pub files count: notes beside them change nothing.
        Files.writeString(adopted.resolve("README"), "keys of the lab console\n");
        TrustedKeys keys = new TrustedKeys(dir, Optional.empty());

        assertThat(keys.all()).isEmpty();
        assertThat(keys.files()).containsExactly(adopted.resolve("broken.pub"));
        assertThat(keys.trust(newKey())).isEqualTo(TrustedKeys.Outcome.REFUSED);
    }

    @Test
    void deletingTheAdoptedFileLetsAnotherConsoleAdoptTheDevice() throws Exception {
        TrustedKeys keys = new TrustedKeys(dir, Optional.empty());
        PublicKey first = newKey();
        keys.trust(first);
        Files.delete(keys.files().getFirst());

        PublicKey next = newKey();
        assertThat(keys.trust(next)).isEqualTo(TrustedKeys.Outcome.ADDED);
        assertThat(keys.all()).containsOnlyKeys(KeyFingerprint.of(next));
    }

    @Test
    void refusesTextThatIsNoPemPublicKey() {
        assertThatThrownBy(() -> TrustedKeys.parse("ssh-ed25519 AAAAC3Nza lab"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BEGIN PUBLIC KEY");
    }
}
