package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.TrustKeyCommand;
import io.fleetdeck.testkit.ota.OtaFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cmd/trust-key} as the device answers it: trust on first adoption, and what a refusal tells a technician. */
class KeyTrustTest {
    @TempDir
    Path dir;

    private KeyTrust trust() {
        return new KeyTrust(DeviceId.of("trust-1"), new TrustedKeys(dir, Optional.empty()));
    }

    private static CommandRequest offer(PublicKey key) {
        return new TrustKeyCommand(key).toRequest();
    }

    @Test
    void trustsTheFirstKeyOfferedAndTheSameKeyAgain() {
        KeyTrust trust = trust();
        PublicKey key = OtaFixtures.newKey().getPublic();

        CommandResponse first = trust.answer(offer(key));
        CommandResponse again = trust.answer(offer(key));

        assertThat(first.ok()).as(first.message()).isTrue();
        assertThat(first.data()).containsEntry("outcome", "ADDED")
                .containsEntry("fingerprint", new TrustKeyCommand(key).fingerprint().value());
        assertThat(again.ok()).isTrue();
        assertThat(again.data()).containsEntry("outcome", "ALREADY_TRUSTED");
    }

    @Test
    void refusesAnotherKeyNamingTheTrustedOneAndWhatToDeleteOnTheDevice() {
        KeyTrust trust = trust();
        PublicKey first = OtaFixtures.newKey().getPublic();
        trust.answer(offer(first));

        CommandResponse other = trust.answer(offer(OtaFixtures.newKey().getPublic()));

        assertThat(other.ok()).isFalse();
        assertThat(other.data()).containsEntry("outcome", "REFUSED");
        assertThat(other.message()).contains(new TrustKeyCommand(first).fingerprint().value())
                .contains("delete the .pub files in " + dir.resolve(TrustedKeys.DIRECTORY));
    }

    @Test
    void namesUnreadableKeyFilesWhenOnlyTheyBlockAdoption() throws Exception {
        Path adopted = Files.createDirectories(dir.resolve(TrustedKeys.DIRECTORY));
        Files.writeString(adopted.resolve("broken.pub"), "not a key\n");

        CommandResponse response = trust().answer(offer(OtaFixtures.newKey().getPublic()));

        assertThat(response.ok()).isFalse();
        assertThat(response.message()).contains("unreadable key files").contains("broken.pub");
    }

    @Test
    void refusesARequestWithoutAKey() {
        CommandResponse response = trust().answer(new CommandRequest(Map.of()));

        assertThat(response.ok()).isFalse();
        assertThat(response.message()).contains("key");
        assertThat(dir.resolve(TrustedKeys.DIRECTORY)).doesNotExist();
    }
}
