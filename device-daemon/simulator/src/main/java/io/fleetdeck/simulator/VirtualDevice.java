package io.fleetdeck.simulator;

import io.fleetdeck.common.images.SimFirmware;
import io.fleetdeck.daemon.agent.BrokerCredentialIssuer;
import io.fleetdeck.daemon.agent.DeviceAgent;
import io.fleetdeck.daemon.agent.DeviceProfile;
import io.fleetdeck.daemon.gpio.GpioBench;
import io.fleetdeck.daemon.gpio.GpioLayout;
import io.fleetdeck.daemon.gpio.MemoryGpioPort;
import io.fleetdeck.daemon.identity.BrokerPassword;
import io.fleetdeck.daemon.identity.DeviceKey;
import io.fleetdeck.daemon.identity.IdentityException;
import io.fleetdeck.daemon.mqtt.MqttSessionException;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.daemon.mqtt.ReportSigner;
import io.fleetdeck.daemon.ota.AgentLink;
import io.fleetdeck.daemon.ota.DirectorySlots;
import io.fleetdeck.daemon.ota.FirmwareUpdater;
import io.fleetdeck.daemon.ota.RunningFirmware;
import io.fleetdeck.daemon.ota.SlotVersions;
import io.fleetdeck.daemon.ota.TrustedKeys;
import io.fleetdeck.daemon.sensors.Sensor;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.TelemetryEncoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.util.function.Supplier;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One virtual device with everything a real one keeps on its card, under its own directory: key, A/B slots (a
 * {@link DirectorySlots}), slot versions, trusted keys and install job. It runs the firmware its booted slot holds:
 * that slot's version in {@code info}, and silent sensors when the slot holds a simulated image built unhealthy.
 * "Rebooting" closes its agent cleanly (offline, like a shutdown), boots the slot store and starts a new agent.
 */
final class VirtualDevice {
    static final String MODEL = "simulated";
    /**
     * The pins every simulated device exposes: outputs 17 and 27 the operator may drive, input 22 with a jumper from
     * 17, so driving 17 shows on an input as it would on a bench board wired that way.
     */
    static final GpioLayout GPIO = new GpioLayout(List.of(22), List.of(17, 27));
    private static final Logger log = LoggerFactory.getLogger(VirtualDevice.class);

    private final int index;
    private final DeviceId id;
    private final Path dir;
    private final DeviceKey key;
    private final BrokerPassword password;
    private final DirectorySlots slots;
    private final SlotVersions versions;
    private final TrustedKeys trusted;
    private final SimFirmwareOptions options;
    private final Supplier<HttpClient> http;
    /** Built when the first device starts: the Jackson set-up is not needed to announce the device. */
    private final Supplier<PayloadCodec> codec;
    private final long periodMs;
    private volatile Consumer<String> onVersion = version -> { };
    private RunningFirmware running;
    private FirmwareUpdater updater;
    private volatile DeviceAgent agent;
    private MqttSettings mqtt;
    private boolean closed;

    private VirtualDevice(int index, DeviceId id, Path dir, DeviceKey key, BrokerPassword password,
                          SimFirmwareOptions options,
                          Supplier<HttpClient> http, Supplier<PayloadCodec> codec, long periodMs) throws IOException {
        this.index = index;
        this.id = id;
        this.dir = dir;
        this.key = key;
        this.password = password;
        this.options = options;
        this.http = http;
        this.codec = codec;
        this.periodMs = periodMs;
        this.slots = new DirectorySlots(dir.resolve("slots"), options.slotCapacity());
        this.versions = new SlotVersions(dir);
        this.trusted = new TrustedKeys(dir, options.provisionedKeys());
        this.running = RunningFirmware.boot(slots, versions, SimulatedFleet.FIRMWARE_VERSION);
    }

    /**
     * Loads (or creates) the device's state in {@code dir} and boots its slot store.
     *
     * @param keepKey false for a throw-away directory: the key stays in memory, sparing a fsync per device at start
     */
    static VirtualDevice prepare(int index, DeviceId id, Path dir, SimFirmwareOptions options, Supplier<HttpClient> http,
                                 Supplier<PayloadCodec> codec, long periodMs, boolean keepKey)
            throws IdentityException, IOException {
        DeviceKey key = keepKey ? DeviceKey.loadOrCreate(dir) : DeviceKey.generate();
        BrokerPassword password = keepKey ? BrokerPassword.load(dir) : BrokerPassword.inMemory();
        return new VirtualDevice(index, id, dir, key, password, options, http, codec, periodMs);
    }

    DeviceId id() {
        return id;
    }

    /** Where this device keeps its key, slots, install job and console pin. */
    Path stateDir() {
        return dir;
    }

    KeyFingerprint fingerprint() {
        return key.fingerprint();
    }

    PublicKey publicKey() {
        return key.publicKey();
    }

    synchronized String firmwareVersion() {
        return running.version();
    }

    DeviceAgent agent() {
        return agent;
    }

    /** Called with the new version whenever a restart runs another firmware than before (for mDNS). */
    void onVersionChange(Consumer<String> listener) {
        this.onVersion = listener;
    }

    /** Starts the agent and the updater against {@code settings}; returns at once. */
    synchronized void start(MqttSettings settings) throws MqttSessionException, IOException {
        mqtt = settings;
        List<Sensor> sensors = SimulatedSensors.forDevice(index, periodMs);
        Optional<SimFirmware> image = SimFirmware.read(slots.file(running.slot()));
        if (image.isPresent() && !image.get().healthy()) {
            log.warn("{}: slot {} holds simulated firmware {} built unhealthy: its sensors stay silent", id,
                    running.slot(), image.get().version());
            sensors = sensors.stream().<Sensor>map(SilentSensor::new).toList();
        }
        PayloadCodec json = codec.get();
        updater = new FirmwareUpdater(id, MODEL, running, slots, versions, trusted, dir, http, options.ota(),
                (trial, why) -> Thread.ofVirtual().name("sim-reboot-" + id).start(this::restart), json,
                System::currentTimeMillis);
        DeviceProfile profile = new DeviceProfile(MODEL, "", id.value(), running.version(), running.wireSlot(),
                List.of("identify", "ota", "gpio"));
        // Pins start low at every boot, as a real board's outputs are driven low at start.
        GpioBench gpio = new GpioBench(id, GPIO, new MemoryGpioPort().wire(17, 22), updater.commandGuard()::check,
                System::currentTimeMillis);
        try {
            agent = new DeviceAgent(id, profile, sensors, () -> "simulated device " + id + ": nothing to blink",
                    settings, json, System::currentTimeMillis, updater,
                    ReportSigner.of(key.keyPair(), System::currentTimeMillis), gpio);
        } catch (MqttSessionException e) {
            updater.close();
            throw e;
        }
        agent.usePassword(password);
        updater.issueCredentials(new BrokerCredentialIssuer(id, key, password, agent));
        agent.start();
        AgentLink link = new AgentLink();
        link.attach(agent);
        updater.start(link, link);
    }

    /** A reboot: offline like a shutdown, then the slot store decides what runs, then a new agent runs it. */
    private void restart() {
        String before;
        String after;
        synchronized (this) {
            if (closed) {
                return;
            }
            before = running.version();
            log.info("{}: restarting (was {} in slot {})", id, before, running.slot());
            updater.close();
            agent.close();
            try {
                running = RunningFirmware.boot(slots, versions, SimulatedFleet.FIRMWARE_VERSION);
                start(mqtt);
            } catch (IOException | MqttSessionException | RuntimeException e) {
                log.error("{}: did not come back after the restart: {}", id, e.getMessage(), e);
                return;
            }
            after = running.version();
        }
        if (!before.equals(after)) {
            onVersion.accept(after);
        }
    }

    /** Moves to {@code brokerUrl}, publishing in {@code encoding} when given, else as before. */
    synchronized void moveTo(String brokerUrl, Optional<TelemetryEncoding> encoding) throws MqttSessionException {
        mqtt = mqtt.withBrokerUrl(brokerUrl).withTelemetryEncoding(encoding.orElse(mqtt.telemetryEncoding()));
        agent.moveTo(brokerUrl, mqtt.telemetryEncoding());
    }

    /** Dies without a word, as on a power cut; stays dead. */
    synchronized void crash() {
        closed = true;
        if (agent != null) {
            updater.close();
            agent.crash();
        }
    }

    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (agent != null) {
            updater.close();
            agent.close();
        }
    }
}
