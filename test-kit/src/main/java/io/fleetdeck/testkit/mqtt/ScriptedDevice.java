package io.fleetdeck.testkit.mqtt;

import io.fleetdeck.common.mqtt.ClientShutdown;
import io.fleetdeck.common.mqtt.NoDelaySocketFactory;
import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.DeviceStatus;
import io.fleetdeck.model.FirmwareManifest;
import io.fleetdeck.model.InstallCommand;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.AdoptionAnswer;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.MalformedPayloadException;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.ManifestVerificationException;
import io.fleetdeck.model.MessageSignatures;
import io.fleetdeck.model.MessageVerificationException;
import io.fleetdeck.model.SignatureDomain;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Presence;
import io.fleetdeck.model.SensorDescriptor;
import io.fleetdeck.model.Slot;
import io.fleetdeck.model.Topics;
import io.fleetdeck.model.TrustKeyCommand;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Test scaffolding: a device that speaks the protocol as docs/protocol.md says, over a real broker, until the real
 * daemon side of #4 is merged. It publishes retained info and status (with an OFFLINE will), answers commands on the
 * request's response topic with its correlation data, decodes requests strictly, checks manifests against the keys it
 * was given by {@code cmd/trust-key} (first key wins, the same key again is fine, another is refused), and installs
 * by really downloading the image over HTTP with the bearer token and checking its SHA-256, reporting each phase on
 * its retained install topic. Like the daemon it takes install and preflight only with a command signature of a key
 * it trusts (not checking expiry or nonces), and signs its answers and install reports with its own device key
 * ({@link #publicKey()}, for a console to pin). Scripted refusals and silences stand in for what a test wants to
 * provoke.
 */
public final class ScriptedDevice implements AutoCloseable {
    private final DeviceId id;
    private final String model;
    private volatile String firmware;
    private final PayloadCodec codec = new PayloadCodec();
    private final ManifestSignatures signatures = new ManifestSignatures(codec);
    private final MessageSignatures commandSignatures = new MessageSignatures(SignatureDomain.COMMAND);
    private final KeyPair key = newKey();
    private final MqttAsyncClient client;
    private final ExecutorService worker = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<KeyFingerprint, PublicKey> trusted = new ConcurrentHashMap<>();
    private final Map<String, CommandResponse> scripted = new ConcurrentHashMap<>();
    private final Set<String> silent = ConcurrentHashMap.newKeySet();
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private final List<InstallCommand> installs = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean manualInstall;
    private volatile int securityVersion;
    private volatile String busyJob;

    private ScriptedDevice(DeviceId id, String model, String firmware, MqttAsyncClient client) {
        this.id = id;
        this.model = model;
        this.firmware = firmware;
        this.client = client;
    }

    /** Connects, subscribes to its commands, and announces itself online. */
    public static ScriptedDevice connect(String broker, DeviceId id, String model, String firmware) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(broker, id.value(), new MemoryPersistence());
        ScriptedDevice device = new ScriptedDevice(id, model, firmware, client);
        client.setCallback(MessageCallback.of((topic, message) -> {
            if (!message.isRetained()) {
                device.worker.execute(() -> device.handle(topic, message));
            }
        }));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSocketFactory(new NoDelaySocketFactory());
        // As fleetdeckd: its id as user name; an open broker ignores it, an enforcing one admits it as new.
        options.setUserName(id.value());
        MqttMessage will = new MqttMessage(device.codec.encode(new DeviceStatus(Presence.OFFLINE, 0)), 1, true,
                null);
        options.setWill(Topics.status(id), will);
        client.connect(options).waitForCompletion(10_000);
        client.subscribe(Topics.commandFilter(id), 1).waitForCompletion(10_000);
        device.publishInfo();
        device.publish(Topics.status(id), device.codec.encode(new DeviceStatus(Presence.ONLINE,
                System.currentTimeMillis())), true);
        return device;
    }

    public DeviceId id() {
        return id;
    }

    /** Answers {@code command} with a refusal carrying {@code code} in {@code data.reason}, as the daemon does. */
    public void refuse(String command, InstallFailure code, String message) {
        scripted.put(command, new CommandResponse(1, false, message, Map.of(Commands.REASON, code.name())));
    }

    /** Receives {@code command} but never answers it. */
    public void ignore(String command) {
        silent.add(command);
    }

    /** Accepts installs but reports nothing by itself: the test publishes the reports. */
    public void manualInstall() {
        manualInstall = true;
    }

    /** Has committed firmware at anti-rollback level {@code level}: lower releases need allowDowngrade. */
    public void committedSecurityVersion(int level) {
        securityVersion = level;
    }

    /** Already trusts {@code key}, as if adopted earlier. */
    public void trust(PublicKey key) {
        trusted.put(KeyFingerprint.of(key), key);
    }

    public Set<KeyFingerprint> trustedKeys() {
        return Set.copyOf(trusted.keySet());
    }

    /** Names of the commands received, in order. */
    public List<String> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public List<InstallCommand> installs() {
        synchronized (installs) {
            return List.copyOf(installs);
        }
    }

    public String firmware() {
        return firmware;
    }

    /** The public half of its device key, which signs its answers and install reports. */
    public PublicKey publicKey() {
        return key.getPublic();
    }

    /** Publishes a retained install report signed with its key, as the daemon does on every phase. */
    public void report(InstallProgress progress) throws MqttException {
        byte[] payload = codec.encode(progress);
        publish(Topics.install(id), payload, true, SignedMessages.report(key, Topics.install(id), payload, null));
    }

    /** Publishes a retained install report signed by {@code signer} (none when null): a forgery. */
    public void reportSignedBy(InstallProgress progress, KeyPair signer) throws MqttException {
        byte[] payload = codec.encode(progress);
        publish(Topics.install(id), payload, true, signer == null ? Map.of()
                : SignedMessages.report(signer, Topics.install(id), payload, null));
    }

    /** The device announces itself offline (its will, published by hand). */
    public void goOffline() throws MqttException {
        publish(Topics.status(id), codec.encode(new DeviceStatus(Presence.OFFLINE, System.currentTimeMillis())),
                true);
    }

    /** Clears its retained topics on the broker, so the next test's devices start clean. */
    public void forget() throws MqttException {
        for (String topic : List.of(Topics.info(id), Topics.status(id), Topics.install(id))) {
            if (!client.isConnected()) {
                // A broker with access control drops a device that was not adopted when it clears `install`.
                return;
            }
            try {
                client.publish(topic, new byte[0], 1, true).waitForCompletion(5_000);
            } catch (MqttException refused) {
                if (client.isConnected()) {
                    throw refused;
                }
            }
        }
    }

    private void publishInfo() throws MqttException {
        DeviceInfo info = new DeviceInfo(model, "", id.value(), firmware, Slot.A,
                List.of(new SensorDescriptor("soc", "temperature", "°C", "SoC temperature", 1000)), List.of("ota"),
                System.currentTimeMillis());
        publish(Topics.info(id), codec.encode(info), true);
    }

    private void publish(String topic, byte[] payload, boolean retained) throws MqttException {
        publish(topic, payload, retained, Map.of());
    }

    private void publish(String topic, byte[] payload, boolean retained, Map<String, String> userProperties)
            throws MqttException {
        MqttMessage message = new MqttMessage(payload, 1, retained,
                SignedMessages.with(new MqttProperties(), userProperties));
        client.publish(topic, message).waitForCompletion(5_000);
    }

    private static KeyPair newKey() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(String topic, MqttMessage message) {
        String command = topic.substring(topic.lastIndexOf('/') + 1);
        received.add(command);
        if (silent.contains(command)) {
            return;
        }
        CommandResponse response = scripted.getOrDefault(command, null);
        if (response == null) {
            response = Commands.SIGNED.contains(command) ? unsigned(topic, message) : null;
        }
        if (response == null) {
            response = carryOut(command, message.getPayload());
        }
        MqttProperties properties = message.getProperties();
        String responseTopic = properties == null ? null : properties.getResponseTopic();
        if (!Topics.isConsoleResponseTopic(responseTopic)) {
            return;
        }
        MqttProperties answer = new MqttProperties();
        if (properties.getCorrelationData() != null) {
            answer.setCorrelationData(properties.getCorrelationData());
        }
        byte[] payload = codec.encode(response);
        SignedMessages.with(answer, SignedMessages.report(key, responseTopic, payload,
                properties.getCorrelationData()));
        try {
            client.publish(responseTopic, new MqttMessage(payload, 1, false, answer))
                    .waitForCompletion(5_000);
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The refusal of a command without a valid signature of a trusted key, or null when it has one. */
    private CommandResponse unsigned(String topic, MqttMessage message) {
        try {
            commandSignatures.verify(SignedMessages.envelope(topic, message), Map.copyOf(trusted));
            return null;
        } catch (MessageVerificationException e) {
            return refused(e.reason().asInstallFailure(), e.getMessage());
        }
    }

    private CommandResponse carryOut(String command, byte[] payload) {
        try {
            CommandRequest request = codec.decodeCommand(payload);
            return switch (command) {
                case Commands.TRUST_KEY -> trustKey(TrustKeyCommand.from(request));
                case Commands.PREFLIGHT -> check(InstallCommand.from(request, codec), false);
                case Commands.INSTALL -> check(InstallCommand.from(request, codec), true);
                default -> CommandResponse.failed("unknown command '" + command + "'");
            };
        } catch (MalformedPayloadException e) {
            return refused(InstallFailure.BAD_REQUEST, e.getMessage());
        }
    }

    private CommandResponse trustKey(TrustKeyCommand command) {
        if (!command.signedFor(id)) {
            return refused(InstallFailure.BAD_REQUEST, "not signed by the key it offers");
        }
        if (!trusted.isEmpty() && !trusted.containsKey(command.fingerprint())) {
            return refused(InstallFailure.UNKNOWN_KEY, "already trusts another console's key");
        }
        trusted.put(command.fingerprint(), command.key());
        // A scripted device takes any code: the pairing rules are fleetdeckd's, tested there. It stays connected
        // as it is, so it does not reconnect.
        Map<String, String> data = new java.util.LinkedHashMap<>(AdoptionAnswer.sign(id, command.fingerprint(),
                key.getPublic(), key.getPrivate(), "scripted-device-password-" + id.value()).toData());
        data.put(AdoptionAnswer.RECONNECTS, "false");
        return CommandResponse.ok("trusting " + command.fingerprint(), data);
    }

    /** The fingerprint of this device's own key, to announce over mDNS in tests of adoption. */
    public KeyFingerprint fingerprint() {
        return KeyFingerprint.of(key.getPublic());
    }


    private synchronized CommandResponse check(InstallCommand install, boolean start) {
        FirmwareManifest manifest;
        try {
            manifest = signatures.verify(install.manifest(), Map.copyOf(trusted));
        } catch (ManifestVerificationException e) {
            return refused(InstallFailure.valueOf(e.reason().name()), e.getMessage());
        }
        if (!manifest.fits(model)) {
            return refused(InstallFailure.WRONG_MODEL, "image is for " + manifest.models() + ", this board is '"
                    + model + "'");
        }
        if (manifest.version().equals(firmware)) {
            return refused(InstallFailure.SAME_VERSION, "already runs " + firmware);
        }
        if (busyJob != null) {
            return refused(InstallFailure.BUSY, "installing job " + busyJob);
        }
        if (manifest.securityVersion() < securityVersion && !install.allowDowngrade()) {
            return refused(InstallFailure.ROLLBACK, manifest.version() + " has security version "
                    + manifest.securityVersion() + ", this device committed " + securityVersion);
        }
        Map<String, String> level = Map.of("securityVersion", Integer.toString(securityVersion));
        if (!start) {
            return CommandResponse.ok("ready", level);
        }
        installs.add(install);
        if (!manualInstall) {
            busyJob = install.job();
            worker.execute(() -> install(install, manifest));
        }
        return CommandResponse.ok("installing " + manifest.version(), level);
    }

    /** Downloads with the bearer token, checks the hash, and walks the phases to COMMITTED. */
    private void install(InstallCommand install, FirmwareManifest manifest) {
        String job = install.job();
        String version = manifest.version();
        long total = install.imageSize();
        try {
            report(new InstallProgress(job, version, InstallState.QUEUED, 0, total, "", now()));
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(install.image())
                    .header("Authorization", "Bearer " + install.token()).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                fail(job, version, total, InstallFailure.DOWNLOAD_FAILED.describe("HTTP " + response.statusCode()
                        + " from " + install.image()));
                return;
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long bytes = 0;
            try (InputStream body = response.body()) {
                byte[] buffer = new byte[64 * 1024];
                int read;
                long reported = 0;
                while ((read = body.read(buffer)) > 0) {
                    sha.update(buffer, 0, read);
                    bytes += read;
                    if (bytes - reported >= total / 4 || bytes == total) {
                        report(new InstallProgress(job, version, InstallState.DOWNLOADING, bytes, total, "", now()));
                        reported = bytes;
                    }
                }
            }
            report(new InstallProgress(job, version, InstallState.VERIFYING, bytes, total, "", now()));
            String actual = HexFormat.of().formatHex(sha.digest());
            if (!actual.equals(manifest.rawSha256())) {
                fail(job, version, total, InstallFailure.HASH_MISMATCH.describe("expected " + manifest.rawSha256()
                        + " got " + actual));
                return;
            }
            for (InstallState state : List.of(InstallState.WRITING, InstallState.REBOOTING,
                    InstallState.HEALTH_CHECK)) {
                report(new InstallProgress(job, version, state, bytes, total, "", now()));
            }
            firmware = version;
            publishInfo();
            report(new InstallProgress(job, version, InstallState.COMMITTED, bytes, total, "", now()));
        } catch (Exception e) {
            try {
                fail(job, version, total, InstallFailure.DOWNLOAD_FAILED.describe(String.valueOf(e.getMessage())));
            } catch (MqttException ignored) {
                // the broker is gone; the test will notice the missing report
            }
        } finally {
            busyJob = null;
        }
    }

    private void fail(String job, String version, long total, String reason) throws MqttException {
        report(new InstallProgress(job, version, InstallState.FAILED, 0, total, reason, now()));
    }

    private static CommandResponse refused(InstallFailure code, String message) {
        String text = message.length() > 900 ? message.substring(0, 900) : message;
        return new CommandResponse(1, false, text, Map.of(Commands.REASON, code.name()));
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    @Override
    public void close() throws Exception {
        worker.shutdownNow();
        // Also when it is already being disconnected, e.g. by a broker that refused one of its publishes.
        ClientShutdown.disconnectAndClose(client, 5_000);
    }
}
