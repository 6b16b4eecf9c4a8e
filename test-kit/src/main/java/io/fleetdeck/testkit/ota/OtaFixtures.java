package io.fleetdeck.testkit.ota;

import io.fleetdeck.common.images.SimImages;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.FirmwareManifest;
import io.fleetdeck.model.InstallCommand;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.MalformedPayloadException;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.SignedManifest;
import io.fleetdeck.model.Topics;
import io.fleetdeck.model.AdoptionAnswer;
import io.fleetdeck.model.PairingCode;
import io.fleetdeck.model.TrustKeyCommand;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.mqtt.SignedMessages;
import io.fleetdeck.testkit.mqtt.TestSubscriber;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A console's side of an install, for the daemon's OTA tests: a signing key, signed sim images, commands, reports. */
public final class OtaFixtures {
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    public final PayloadCodec codec = new PayloadCodec();
    public final ManifestSignatures signatures = new ManifestSignatures(codec);
    public final KeyPair operator = newKey();
    private final TestSubscriber console;
    private final ImageServer server;
    private int correlation;

    public OtaFixtures(TestSubscriber console, ImageServer server) {
        this.console = console;
        this.server = server;
    }

    public static KeyPair newKey() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A served image with its signed manifest, ready to be put into an install command. */
    public record Release(SignedManifest manifest, URI url, String fileName, long size) {
    }

    /** Writes a sim image to {@code dir/name}, serves it and signs a manifest for {@code models}. */
    public Release release(Path dir, String name, String version, long rawSize, boolean healthy, List<String> models,
                    KeyPair signer) throws IOException {
        return release(dir, name, version, rawSize, healthy, models, signer, 0);
    }

    /** A release signed by {@link #operator} at anti-rollback level {@code securityVersion}. */
    public Release release(Path dir, String name, String version, long rawSize, boolean healthy, List<String> models,
                           int securityVersion) throws IOException {
        return release(dir, name, version, rawSize, healthy, models, operator, securityVersion);
    }

    private Release release(Path dir, String name, String version, long rawSize, boolean healthy,
                            List<String> models, KeyPair signer, int securityVersion) throws IOException {
        SimImages.SimImage image = SimImages.write(dir.resolve(name), version, rawSize, healthy);
        byte[] bytes = Files.readAllBytes(image.file());
        FirmwareManifest manifest = new FirmwareManifest(version, models, image.rawSize(),
                HexFormat.of().parseHex(image.rawSha256()), System.currentTimeMillis())
                .withSecurityVersion(securityVersion);
        return new Release(signatures.sign(manifest, signer), server.put(name, bytes), name, bytes.length);
    }

    public Release release(Path dir, String name, String version, long rawSize, boolean healthy, List<String> models)
            throws IOException {
        return release(dir, name, version, rawSize, healthy, models, operator);
    }

    public InstallCommand command(String job, Release release) {
        return new InstallCommand(job, release.manifest(), release.url(), ImageServer.TOKEN, release.size(),
                release.fileName());
    }

    public CommandResponse send(DeviceId device, String name, InstallCommand command) throws Exception {
        return send(device, name, codec.encode(command.toRequest(codec)));
    }

    /** Sends {@code cmd/<name>}; install, preflight and cancel signed by {@link #operator}, as a console does. */
    public CommandResponse send(DeviceId device, String name, byte[] payload) throws Exception {
        return console.request(device, name, payload, ("c" + ++correlation).getBytes(StandardCharsets.UTF_8),
                signature(device, name, payload));
    }

    /** Sends {@code cmd/<name>} without a signature, as anyone on the broker could. */
    public CommandResponse sendUnsigned(DeviceId device, String name, byte[] payload) throws Exception {
        return console.request(device, name, payload, ("c" + ++correlation).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code cmd/<name>} with the given user properties, e.g. another key's signature. */
    public CommandResponse send(DeviceId device, String name, byte[] payload, Map<String, String> userProperties)
            throws Exception {
        return console.request(device, name, payload, ("c" + ++correlation).getBytes(StandardCharsets.UTF_8),
                userProperties);
    }

    /** Sends a command to a device that may be killed meanwhile: empty when it does not answer within {@code wait}. */
    public java.util.Optional<CommandResponse> trySend(DeviceId device, String name, byte[] payload, Duration wait)
            throws Exception {
        return console.tryRequest(device, name, payload, ("c" + ++correlation).getBytes(StandardCharsets.UTF_8),
                wait, signature(device, name, payload));
    }

    private Map<String, String> signature(DeviceId device, String name, byte[] payload) {
        return Commands.SIGNED.contains(name)
                ? SignedMessages.command(operator, Topics.command(device, name), payload) : Map.of();
    }

    /** Offers {@code key} without a pairing code: taken only by a device that trusts the key already. */
    public CommandResponse trust(DeviceId device, KeyPair key) throws Exception {
        return awaitingReconnect(device, send(device, Commands.TRUST_KEY, trustRequest(device, key,
                Optional.empty())));
    }

    /**
     * A device that was adopted reconnects with its new broker password a moment after answering; commands sent
     * meanwhile would be lost, so wait for the {@code status} it publishes when it is back, as the console does.
     */
    public CommandResponse awaitingReconnect(DeviceId device, CommandResponse answer) {
        if (answer.ok() && "true".equals(answer.data().get(AdoptionAnswer.RECONNECTS))) {
            // Its old session says "offline" first; only the new one's "online" means commands reach it again.
            long before = onlineStatuses(device);
            Poll.until(device + " back online after adoption", PATIENCE, () -> onlineStatuses(device) > before);
        }
        return answer;
    }

    private long onlineStatuses(DeviceId device) {
        return console.on(Topics.status(device)).stream().filter(r -> r.text().contains("\"ONLINE\"")).count();
    }

    /**
     * Offers {@code key} as the operator would, with the pairing code the device keeps in {@code stateDir} (read as a
     * technician reads it off the device), or without one when the device has none (already adopted).
     */
    public CommandResponse trust(DeviceId device, KeyPair key, Path stateDir) throws Exception {
        return awaitingReconnect(device, send(device, Commands.TRUST_KEY, trustRequest(device, key,
                pairingCode(stateDir))));
    }

    public byte[] trustRequest(DeviceId device, KeyPair key, Optional<PairingCode> code) {
        return codec.encode(TrustKeyCommand.offer(device, "ota-console", key, code, new SecureRandom()).toRequest());
    }

    /** The pairing code a device shows while no console has adopted it, from its state directory. */
    public static Optional<PairingCode> pairingCode(Path stateDir) {
        try {
            return Optional.of(PairingCode.parse(Files.readString(stateDir.resolve("pairing-code")).strip()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Every install report of {@code job} the console received, in order. */
    public List<InstallProgress> reports(DeviceId device, String job) {
        List<InstallProgress> reports = new ArrayList<>();
        for (TestSubscriber.Received received : console.on(Topics.install(device))) {
            try {
                InstallProgress progress = codec.decodeInstall(received.payload());
                if (progress.job().equals(job)) {
                    reports.add(progress);
                }
            } catch (MalformedPayloadException e) {
                throw new AssertionError("device sent an invalid install report: " + received.text(), e);
            }
        }
        return reports;
    }

    /** Waits for a report of {@code job} in {@code state} and returns it. */
    public InstallProgress awaitState(DeviceId device, String job, InstallState state) {
        return Poll.value(job + " " + state, PATIENCE, () -> reports(device, job).stream()
                .filter(p -> p.state() == state).findFirst().orElse(null));
    }

    /** Waits for the job to end and returns its final report. */
    public InstallProgress awaitFinal(DeviceId device, String job) {
        return Poll.value(job + " to end", PATIENCE, () -> reports(device, job).stream()
                .filter(p -> p.state().isFinal()).findFirst().orElse(null));
    }

    /** Waits for an {@code info} whose firmware is {@code version} and returns it. */
    public DeviceInfo awaitInfo(DeviceId device, String version) {
        return Poll.value("info with firmware " + version, PATIENCE, () -> {
            TestSubscriber.Received latest = console.latest(Topics.info(device));
            if (latest == null) {
                return null;
            }
            try {
                DeviceInfo info = codec.decodeInfo(latest.payload());
                return info.firmwareVersion().equals(version) ? info : null;
            } catch (MalformedPayloadException e) {
                throw new AssertionError(e);
            }
        });
    }

    /** The states of the reports in order, each move allowed by the protocol (repeats are progress or re-reports). */
    public static List<InstallState> checkedStates(List<InstallProgress> reports) {
        List<InstallState> states = new ArrayList<>();
        for (InstallProgress report : reports) {
            InstallState state = report.state();
            if (!states.isEmpty() && states.getLast() != state && !states.getLast().canMoveTo(state)) {
                throw new AssertionError("install went from " + states.getLast() + " to " + state + ": " + reports);
            }
            if (states.isEmpty() || states.getLast() != state) {
                states.add(state);
            }
        }
        return states;
    }
}
