package io.fleetdeck.daemon.ota;

import io.fleetdeck.daemon.identity.AdoptedConsole;
import io.fleetdeck.model.AdoptionAnswer;
import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.PairingCode;
import io.fleetdeck.model.TrustKeyCommand;
import io.fleetdeck.testkit.ota.OtaFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cmd/trust-key} as the device answers it: the first key only with the pairing code, the same key again on its
 * signature, never another; and nothing changes on a refusal.
 */
class KeyTrustTest {
    private static final DeviceId DEVICE = DeviceId.of("trust-1");

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final SecureRandom random = new SecureRandom();

    private KeyTrust trust() {
        return trust(Optional.empty());
    }

    private KeyTrust trust(Optional<Path> provisioned) {
        return new KeyTrust(DEVICE, new TrustedKeys(dir, provisioned), dir, now::get);
    }

    private CommandRequest offer(KeyPair key, Optional<PairingCode> code) {
        return TrustKeyCommand.offer(DEVICE, "console-test", key, code, random).toRequest();
    }

    private PairingCode code(KeyTrust trust) throws Exception {
        return trust.pairingCode().orElseThrow();
    }

    @Test
    void trustsTheFirstKeyWithThePairingCodeAndTheSameKeyAgainWithout() throws Exception {
        KeyTrust trust = trust();
        KeyPair key = OtaFixtures.newKey();

        CommandResponse first = trust.answer(offer(key, Optional.of(code(trust))));
        CommandResponse again = trust.answer(offer(key, Optional.empty()));

        assertThat(first.ok()).as(first.message()).isTrue();
        assertThat(first.data()).containsEntry("outcome", "ADDED")
                .containsEntry("fingerprint", KeyFingerprint.of(key.getPublic()).value());
        assertThat(again.ok()).as(again.message()).isTrue();
        assertThat(again.data()).containsEntry("outcome", "ALREADY_TRUSTED");
        assertThat(trust.pairingCode()).as("the code is gone once used").isEmpty();
        assertThat(dir.resolve(PairingState.FILE)).doesNotExist();
        assertThat(AdoptedConsole.load(dir)).contains(new AdoptedConsole("console-test",
                KeyFingerprint.of(key.getPublic())));
    }

    @Test
    void aForeignOfferWithoutTheCodeOnAFreshDeviceIsRefusedAndNothingIsTrusted() throws Exception {
        KeyTrust trust = trust();
        code(trust);

        CommandResponse noCode = trust.answer(offer(OtaFixtures.newKey(), Optional.empty()));
        CommandResponse guessed = trust.answer(offer(OtaFixtures.newKey(), Optional.of(PairingCode.parse("0000-0000"))));

        assertThat(noCode.ok()).isFalse();
        assertThat(noCode.data()).containsEntry("reason", "CODE_REQUIRED");
        assertThat(noCode.message()).contains("pairing code");
        assertThat(guessed.ok()).isFalse();
        assertThat(guessed.data()).containsEntry("reason", "WRONG_CODE");
        assertThat(dir.resolve(TrustedKeys.DIRECTORY)).doesNotExist();
        assertThat(trust.pairingCode()).isPresent();
        assertThat(AdoptedConsole.load(dir)).isEmpty();
    }

    @Test
    void fiveWrongCodesLockPairingForTenMinutesEvenForTheRightCode() throws Exception {
        KeyTrust trust = trust();
        PairingCode right = code(trust);
        for (int i = 0; i < PairingState.MAX_WRONG; i++) {
            trust.answer(offer(OtaFixtures.newKey(), Optional.of(PairingCode.parse("0000-000" + i))));
        }
        KeyPair operator = OtaFixtures.newKey();

        CommandResponse locked = trust.answer(offer(operator, Optional.of(right)));
        now.addAndGet(PairingState.WINDOW.toMillis() + 1);
        CommandResponse later = trust.answer(offer(operator, Optional.of(right)));

        assertThat(locked.ok()).isFalse();
        assertThat(locked.data()).containsEntry("reason", "PAIRING_LOCKED");
        assertThat(later.ok()).as(later.message()).isTrue();
    }

    @Test
    void anOfferNotSignedByTheKeyItOffersIsRefused() throws Exception {
        KeyTrust trust = trust();
        PairingCode code = code(trust);
        Map<String, String> args = new HashMap<>(offer(OtaFixtures.newKey(), Optional.of(code)).args());
        KeyPair attacker = OtaFixtures.newKey();
        args.put("key", Base64.getEncoder().encodeToString(attacker.getPublic().getEncoded()));
        args.put("fingerprint", KeyFingerprint.of(attacker.getPublic()).value());

        CommandResponse response = trust.answer(new CommandRequest(args));

        assertThat(response.ok()).isFalse();
        assertThat(response.data()).containsEntry("reason", "BAD_SIGNATURE");
        assertThat(dir.resolve(TrustedKeys.DIRECTORY)).doesNotExist();
    }

    @Test
    void aKeyProvisionedWithTheImageIsTakenWithoutACode() throws Exception {
        KeyPair operator = OtaFixtures.newKey();
        Path provisioned = Files.createDirectories(dir.resolve("provisioned"));
        Files.writeString(provisioned.resolve("console.pub"), TrustedKeys.pem(operator.getPublic()));
        KeyTrust trust = trust(Optional.of(provisioned));

        CommandResponse response = trust.answer(offer(operator, Optional.empty()));

        assertThat(response.ok()).as(response.message()).isTrue();
        assertThat(response.data()).containsEntry("outcome", "ALREADY_TRUSTED");
        assertThat(trust.pairingCode()).isEmpty();
    }

    @Test
    void refusesAnotherKeyNamingTheTrustedOneAndWhatToDeleteOnTheDevice() throws Exception {
        KeyTrust trust = trust();
        KeyPair first = OtaFixtures.newKey();
        trust.answer(offer(first, Optional.of(code(trust))));

        CommandResponse other = trust.answer(offer(OtaFixtures.newKey(), Optional.empty()));

        assertThat(other.ok()).isFalse();
        assertThat(other.data()).containsEntry("outcome", "REFUSED");
        assertThat(other.message()).contains(KeyFingerprint.of(first.getPublic()).value())
                .contains("delete the .pub files in " + dir.resolve(TrustedKeys.DIRECTORY));
    }

    @Test
    void anAcceptedAdoptionCarriesTheSignedCredentialsAndARefusalDoesNot() throws Exception {
        KeyTrust trust = trust();
        KeyPair device = OtaFixtures.newKey();
        trust.issueCredentials(console -> AdoptionAnswer.sign(DEVICE, console, device.getPublic(),
                device.getPrivate(), "a-password-of-enough-length").toData());
        KeyPair operator = OtaFixtures.newKey();

        CommandResponse refused = trust.answer(offer(operator, Optional.empty()));
        CommandResponse accepted = trust.answer(offer(operator, Optional.of(code(trust))));

        assertThat(refused.data()).doesNotContainKey(AdoptionAnswer.PASSWORD);
        AdoptionAnswer answer = AdoptionAnswer.from(accepted.data());
        assertThat(answer.verifies(DEVICE, KeyFingerprint.of(operator.getPublic()))).isTrue();
        assertThat(answer.fingerprint()).isEqualTo(KeyFingerprint.of(device.getPublic()));
    }

    @Test
    void namesUnreadableKeyFilesWhenOnlyTheyBlockAdoption() throws Exception {
        Path adopted = Files.createDirectories(dir.resolve(TrustedKeys.DIRECTORY));
        Files.writeString(adopted.resolve("broken.pub"), "not a key\n");

        CommandResponse response = trust().answer(offer(OtaFixtures.newKey(), Optional.empty()));

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
