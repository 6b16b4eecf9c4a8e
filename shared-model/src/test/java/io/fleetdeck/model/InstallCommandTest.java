package io.fleetdeck.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstallCommandTest {
    private final PayloadCodec codec = new PayloadCodec();
    private final KeyPair operator = generate();
    private final SignedManifest signed = new ManifestSignatures(codec).sign(
            new FirmwareManifest("2.0.0", List.of("simulated"), 4096, new byte[32], 1_700_000_000_000L), operator);

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private InstallCommand command() {
        return new InstallCommand("job-1", signed, URI.create("http://127.0.0.1:8080/images/fw.img.xz"),
                "abcdefghijklmnop0123", 1234, "fw-2.0.0.img.xz");
    }

    @Test
    void survivesTheWireAsCommandArguments() throws Exception {
        byte[] wire = codec.encode(command().toRequest(codec));
        InstallCommand back = InstallCommand.from(codec.decodeCommand(wire), codec);
        assertThat(back).isEqualTo(command());
        assertThat(new ManifestSignatures(codec).verify(back.manifest(),
                Map.of(KeyFingerprint.of(operator.getPublic()), operator.getPublic()))).isEqualTo(signed.manifest());
    }

    @Test
    void refusesMissingUnknownAndInvalidArguments() {
        Map<String, String> args = new HashMap<>(command().toRequest(codec).args());
        args.remove("token");
        assertThatThrownBy(() -> InstallCommand.from(new CommandRequest(args), codec))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("token");
        args.put("token", "abcdefghijklmnop0123");
        args.put("path", "/etc/passwd");
        assertThatThrownBy(() -> InstallCommand.from(new CommandRequest(args), codec))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("path");
        args.remove("path");
        args.put("file", "../../etc/passwd");
        assertThatThrownBy(() -> InstallCommand.from(new CommandRequest(args), codec))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("file name");
        args.put("file", "fw.img");
        args.put("url", "file:///etc/shadow");
        assertThatThrownBy(() -> InstallCommand.from(new CommandRequest(args), codec))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("http");
        args.put("url", "http://127.0.0.1/x");
        args.put("manifest", "{\"v\":1}");
        assertThatThrownBy(() -> InstallCommand.from(new CommandRequest(args), codec))
                .isInstanceOf(MalformedPayloadException.class);
    }

    @Test
    void failureCodesLeadTheReasonText() {
        String reason = InstallFailure.HASH_MISMATCH.describe("expected ab got cd");
        assertThat(reason).isEqualTo("HASH_MISMATCH: expected ab got cd");
        assertThat(InstallFailure.of(reason)).contains(InstallFailure.HASH_MISMATCH);
        assertThat(InstallFailure.of("something else")).isEmpty();
        assertThat(new String(codec.encode(new InstallProgress("j", "1", InstallState.FAILED, 0, 0, reason, 1)),
                StandardCharsets.UTF_8)).contains("HASH_MISMATCH");
    }

    @Test
    void carriesAllowDowngradeOnlyWhenTheOperatorGaveIt() throws Exception {
        assertThat(command().toRequest(codec).args()).doesNotContainKey(InstallCommand.ALLOW_DOWNGRADE);
        InstallCommand allowing = command().allowingDowngrade();
        byte[] wire = codec.encode(allowing.toRequest(codec));

        assertThat(InstallCommand.from(codec.decodeCommand(wire), codec).allowDowngrade()).isTrue();
        assertThat(InstallCommand.from(command().toRequest(codec), codec).allowDowngrade()).isFalse();
    }

    @Test
    void refusesAnAllowDowngradeThatIsNotABoolean() {
        Map<String, String> args = new HashMap<>(command().toRequest(codec).args());
        args.put(InstallCommand.ALLOW_DOWNGRADE, "yes");
        assertThatThrownBy(() -> InstallCommand.from(new CommandRequest(args), codec))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(MalformedPayloadException.Reason.WRONG_TYPE));
    }
}
