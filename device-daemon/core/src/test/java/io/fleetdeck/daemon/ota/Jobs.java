package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.FirmwareManifest;
import io.fleetdeck.model.InstallCommand;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Slot;

import java.net.URI;
import java.security.KeyPair;
import java.util.List;

/** Install commands and jobs for the updater's parts, signed but never downloaded. */
final class Jobs {
    static final String TOKEN = "per-job-token-abcdefgh";
    static final List<String> PI4 = List.of("Raspberry Pi 4");

    private Jobs() {
    }

    static InstallCommand command(String job, String version, long rawSize, List<String> models, KeyPair signer) {
        return command(job, version, rawSize, models, signer, 0);
    }

    /** A command whose release has anti-rollback level {@code securityVersion}. */
    static InstallCommand command(String job, String version, long rawSize, List<String> models, KeyPair signer,
                                  int securityVersion) {
        PayloadCodec codec = new PayloadCodec();
        FirmwareManifest manifest = new FirmwareManifest(version, models, rawSize, new byte[32], 1_700_000_000_000L)
                .withSecurityVersion(securityVersion);
        return new InstallCommand(job, new ManifestSignatures(codec).sign(manifest, signer),
                URI.create("http://127.0.0.1:9/images/fw-" + version + ".img"), TOKEN, rawSize,
                "fw-" + version + ".img");
    }

    /** A job for {@code version} into slot B, moved to {@code state}. */
    static InstallJob at(String job, String version, InstallState state, KeyPair signer) {
        return at(job, version, state, "", signer);
    }

    /** A job for {@code version} into slot B, moved to {@code state} with {@code reason}, which a failure needs. */
    static InstallJob at(String job, String version, InstallState state, String reason, KeyPair signer) {
        return InstallJob.queued(command(job, version, 4096, PI4, signer), Slot.B).moveTo(state, 0, reason);
    }
}
