package io.fleetdeck.daemon;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.PullResistance;
import io.fleetdeck.common.images.SimFirmware;
import io.fleetdeck.daemon.agent.BrokerCredentialIssuer;
import io.fleetdeck.daemon.agent.DeviceAgent;
import io.fleetdeck.daemon.agent.DeviceProfile;
import io.fleetdeck.daemon.config.ConfigException;
import io.fleetdeck.daemon.config.DaemonConfig;
import io.fleetdeck.daemon.config.FirmwareState;
import io.fleetdeck.daemon.hardware.Bme280;
import io.fleetdeck.daemon.hardware.Bme280Sensor;
import io.fleetdeck.daemon.hardware.Ds18b20Sensor;
import io.fleetdeck.daemon.hardware.GpioIdentifier;
import io.fleetdeck.daemon.gpio.GpioBench;
import io.fleetdeck.daemon.gpio.GpioLayout;
import io.fleetdeck.daemon.hardware.GpioInputSensor;
import io.fleetdeck.daemon.hardware.Pi4jGpioPort;
import io.fleetdeck.daemon.hardware.Pi4jI2cRegisters;
import io.fleetdeck.daemon.hardware.SocThermalSensor;
import io.fleetdeck.daemon.identity.DeviceIdResolver;
import io.fleetdeck.daemon.identity.DeviceIdentity;
import io.fleetdeck.daemon.identity.BrokerPassword;
import io.fleetdeck.daemon.identity.DeviceKey;
import io.fleetdeck.daemon.identity.IdentityException;
import io.fleetdeck.daemon.mqtt.MqttSessionException;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.daemon.mqtt.ReportSigner;
import io.fleetdeck.daemon.ota.AgentLink;
import io.fleetdeck.daemon.ota.DirectorySlots;
import io.fleetdeck.daemon.ota.FirmwareUpdater;
import io.fleetdeck.daemon.ota.InstallerSettings;
import io.fleetdeck.daemon.ota.LazyHttpClient;
import io.fleetdeck.daemon.ota.OtaSettings;
import io.fleetdeck.daemon.ota.ProcessRestart;
import io.fleetdeck.daemon.ota.Rebooter;
import io.fleetdeck.daemon.ota.RunningFirmware;
import io.fleetdeck.daemon.ota.SlotStore;
import io.fleetdeck.daemon.ota.SlotVersions;
import io.fleetdeck.daemon.ota.TrustedKeys;
import io.fleetdeck.daemon.sensors.Identifier;
import io.fleetdeck.daemon.sensors.Sensor;
import io.fleetdeck.daemon.tryboot.TrybootLayout;
import io.fleetdeck.daemon.tryboot.TrybootRebooter;
import io.fleetdeck.daemon.tryboot.TrybootSlots;
import io.fleetdeck.daemon.tryboot.TrybootSystem;
import io.fleetdeck.model.DeviceAnnouncement;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.TelemetryEncoding;
import io.fleetdeck.simulator.SilentSensor;
import io.fleetdeck.simulator.SimulatedSensors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns a {@link DaemonConfig} into a running {@link DeviceAgent} for the one real device {@code run} manages. */
public final class DeviceAssembler {
    private static final Logger log = LoggerFactory.getLogger(DeviceAssembler.class);
    /** Under systemd {@code reboot} only queues the reboot; a command still running after this is hung. */
    private static final Duration REBOOT_TIMEOUT = Duration.ofSeconds(30);

    /** The agent, the updater it answers firmware commands with, and the Pi4J context it uses, closed together. */
    public record AssembledDevice(DeviceAgent agent, FirmwareUpdater updater, AgentLink link, Context pi4j)
            implements AutoCloseable {
        /** Starts the agent and hands it the updater's install reports and health check. */
        public void start() {
            agent.start();
            link.attach(agent);
        }

        @Override
        public void close() {
            updater.close();
            agent.close();
            closeHardware();
        }

        /** Like {@link #close()} before a restart or reboot: see {@link DeviceAgent#closeForRestart()}. */
        public void closeForRestart() {
            updater.close();
            agent.closeForRestart();
            closeHardware();
        }

        private void closeHardware() {
            if (pi4j != null) {
                pi4j.shutdown();
            }
        }
    }

    /**
     * Who the device is, before it has a broker: id, firmware, key and host name, enough to announce it over mDNS.
     *
     * @param identity the resolved id, serial and model
     * @param firmware running version and slot
     * @param key      the device's Ed25519 key
     * @param hostname this machine's host name, the mDNS instance name
     * @param updater  firmware updates of this device, started at once (a trial's health clock runs from boot)
     * @param link     connects the updater to the agent once a broker is known
     * @param slots    the slot store the device booted from
     * @param downloads the updater's download client, built on the first download; closed when the daemon stops
     */
    public record DeviceDescription(DeviceIdentity identity, FirmwareState firmware, DeviceKey key, String hostname,
                                    FirmwareUpdater updater, AgentLink link, SlotStore slots,
                                    LazyHttpClient downloads) {
        public DeviceAnnouncement announcement() {
            return new DeviceAnnouncement(identity.id(), identity.model(), firmware.version(), key.fingerprint());
        }
    }

    public DeviceDescription describe(DaemonConfig config) throws ConfigException, IdentityException {
        DeviceIdentity identity = new DeviceIdResolver(config.procfsRoot(), config.stateDir(), new SecureRandom())
                .resolve(config.deviceId());
        String factoryVersion = FirmwareState.load(config.stateDir(), config.firmwareVersion()).version();
        DeviceKey key = DeviceKey.loadOrCreate(config.stateDir());
        SlotStore slots;
        RunningFirmware running;
        SlotVersions versions = new SlotVersions(config.stateDir());
        try {
            slots = slotStore(config);
            running = RunningFirmware.boot(slots, versions, factoryVersion);
        } catch (IOException e) {
            throw new ConfigException(config.stateDir(), null, "cannot read the firmware slots: " + e.getMessage(), e);
        }
        FirmwareState firmware = new FirmwareState(running.version(), running.wireSlot());
        log.info("device id {} (from {}), firmware {} in slot {}{}, key {}", identity.id(), identity.source(),
                firmware.version(), firmware.slot(), running.boot().trying() ? " on trial" : "", key.fingerprint());
        LazyHttpClient downloads = new LazyHttpClient(Duration.ofSeconds(10), config.brokerCaFile());
        FirmwareUpdater updater = new FirmwareUpdater(identity.id(), identity.model(), running, slots, versions,
                new TrustedKeys(config.stateDir(), config.ota().trustedKeysDir()), config.stateDir(),
                downloads,
                new OtaSettings(InstallerSettings.defaults().withMaxInstallTime(config.ota().maxInstallTime()),
                        config.ota().healthTimeout()), rebooter(config),
                new PayloadCodec(), System::currentTimeMillis);
        AgentLink link = new AgentLink();
        updater.start(link, link);
        return new DeviceDescription(identity, firmware, key, hostname(config.procfsRoot()), updater, link, slots,
                downloads);
    }

    /**
     * The device's A/B slots: off a Pi two files in {@code <state-dir>/slots}; on a Pi ({@code ota.slots = tryboot})
     * the card's boot/root partition pairs, with {@code tryboot.properties} in the state dir (on the data partition).
     */
    static SlotStore slotStore(DaemonConfig config) throws IOException {
        DaemonConfig.Ota ota = config.ota();
        return switch (ota.slots()) {
            case DIRECTORY -> new DirectorySlots(config.stateDir().resolve("slots"), ota.slotCapacity());
            case TRYBOOT -> new TrybootSlots(TrybootLayout.standard(ota.tryboot().disk(), ota.tryboot().bootselMount()),
                    new TrybootSystem(ota.tryboot().deviceTree(), config.sysfsRoot(), ota.tryboot().bootIdFile()),
                    config.stateDir());
        };
    }

    /**
     * How the device boots what its slot store picked: off a Pi by restarting the daemon (exit 75, which systemd
     * answers with a restart); on a Pi with {@code reboot "0 tryboot"} after a mark and a plain reboot after a rollback.
     */
    static Rebooter rebooter(DaemonConfig config) {
        return switch (config.ota().slots()) {
            case DIRECTORY -> new ProcessRestart();
            case TRYBOOT -> new TrybootRebooter(TrybootRebooter.processRunner(config.ota().tryboot().rebootPath()
                    .orElse(System.getenv("PATH"))), REBOOT_TIMEOUT);
        };
    }

    /** Assembles against the broker in the config, which must name one. */
    public AssembledDevice assemble(DaemonConfig config) throws ConfigException, IdentityException,
            MqttSessionException, IOException {
        String broker = config.brokerUrl().orElseThrow(() -> new IllegalArgumentException("config has no broker.url"));
        return assemble(config, describe(config), broker);
    }

    /** Assembles against a broker named in the config: JSON telemetry unless {@code telemetry.encoding} says otherwise. */
    public AssembledDevice assemble(DaemonConfig config, DeviceDescription description, String brokerUrl)
            throws MqttSessionException, IOException {
        return assemble(config, description, brokerUrl, config.telemetryEncoding().forConsole(Optional.empty()));
    }

    /** Assembles against {@code brokerUrl}, publishing telemetry in {@code encoding} (negotiated with its console). */
    public AssembledDevice assemble(DaemonConfig config, DeviceDescription description, String brokerUrl,
                                    TelemetryEncoding encoding) throws MqttSessionException, IOException {
        DeviceIdentity identity = description.identity();
        FirmwareState firmware = description.firmware();

        boolean needsPi4j = !config.gpio().inputs().isEmpty() || !config.gpio().outputs().isEmpty()
                || config.gpio().identifyPin().isPresent()
                || config.bme280().enabled();
        Context pi4j = needsPi4j ? io.fleetdeck.daemon.hardware.Pi4jContexts.forPlatform(config.gpio().platform())
                : null;
        List<Sensor> sensors = new ArrayList<>();
        List<String> capabilities = new ArrayList<>(List.of("identify", "ota"));
        if (config.soc().enabled()) {
            sensors.add(new SocThermalSensor(config.sysfsRoot(), config.soc().period().toMillis()));
        }
        if (config.ds18b20().enabled()) {
            List<Ds18b20Sensor> found = Ds18b20Sensor.discover(config.sysfsRoot(), config.ds18b20().period().toMillis());
            if (found.isEmpty()) {
                log.warn("ds18b20 enabled but no 28-* device under {}/bus/w1/devices (is dtoverlay=w1-gpio set?)",
                        config.sysfsRoot());
            }
            sensors.addAll(found);
        }
        PullResistance pull = switch (config.gpio().pull()) {
            case "up" -> PullResistance.PULL_UP;
            case "down" -> PullResistance.PULL_DOWN;
            default -> PullResistance.OFF;
        };
        for (int pin : config.gpio().inputs()) {
            sensors.add(GpioInputSensor.open(pi4j, pin, pull, config.gpio().period().toMillis()));
        }
        GpioLayout layout = new GpioLayout(config.gpio().inputs(), config.gpio().outputs());
        GpioBench gpio = layout.isEmpty() ? GpioBench.none(identity.id())
                : new GpioBench(identity.id(), layout, Pi4jGpioPort.open(pi4j, layout, pull),
                description.updater().commandGuard()::check, System::currentTimeMillis);
        if (!layout.isEmpty()) {
            capabilities.add("gpio");
        }
        if (config.bme280().enabled()) {
            Pi4jI2cRegisters registers = Pi4jI2cRegisters.open(pi4j, config.bme280().bus(), config.bme280().address());
            sensors.addAll(Bme280Sensor.all(new Bme280(registers, "bme280"), "bme280",
                    config.bme280().period().toMillis()));
        }
        if (config.simulated().enabled()) {
            sensors.addAll(SimulatedSensors.forDevice(0, config.simulated().period().toMillis()).stream()
                    .map(s -> (Sensor) new RenamedSensor(s, "sim-" + s.descriptor().id())).toList());
        }
        if (runsUnhealthySimulatedFirmware(description)) {
            sensors = new ArrayList<>(sensors.stream().<Sensor>map(SilentSensor::new).toList());
        }
        Identifier identifier = config.gpio().identifyPin()
                .<Identifier>map(pin -> GpioIdentifier.open(pi4j, pin))
                .orElse(() -> "no identify LED configured (gpio.identify-pin); logged only");

        MqttSettings mqtt = MqttSettings.defaults(brokerUrl).withKeepAlive(config.keepAlive())
                .withBufferCapacity(config.bufferCapacity()).withTelemetryEncoding(encoding);
        if (config.brokerCaFile().isPresent()) {
            mqtt = mqtt.withCaFile(config.brokerCaFile().get());
        }
        DeviceProfile profile = new DeviceProfile(identity.model(), identity.serial(), description.hostname(),
                firmware.version(), firmware.slot(), capabilities, config.tags());
        DeviceAgent agent = new DeviceAgent(identity.id(), profile, sensors, identifier, mqtt, new PayloadCodec(),
                System::currentTimeMillis, description.updater(),
                ReportSigner.of(description.key().keyPair(), System::currentTimeMillis), gpio);
        BrokerPassword password;
        try {
            password = BrokerPassword.load(config.stateDir());
        } catch (IdentityException e) {
            throw new IOException(e.getMessage(), e);
        }
        agent.usePassword(password);
        description.updater().issueCredentials(new BrokerCredentialIssuer(identity.id(), description.key(), password,
                agent));
        log.info("{} sensors: {}", sensors.size(), sensors.stream().map(s -> s.descriptor().id()).toList());
        return new AssembledDevice(agent, description.updater(), description.link(), pi4j);
    }

    /**
     * Off a Pi the slot files may hold simulated firmware ({@code fleetdeckd sim-image}); one built unhealthy makes
     * the sensors silent, so its trial fails its health check as a broken real image would.
     */
    private static boolean runsUnhealthySimulatedFirmware(DeviceDescription description) {
        if (!(description.slots() instanceof DirectorySlots directory)) {
            return false;
        }
        try {
            Optional<SimFirmware> image = SimFirmware.read(directory.file(description.updater().running().slot()));
            if (image.isPresent() && !image.get().healthy()) {
                log.warn("slot {} holds simulated firmware {} built unhealthy: sensors stay silent",
                        description.updater().running().slot(), image.get().version());
                return true;
            }
        } catch (IOException e) {
            log.warn("cannot read the running slot's header: {}", e.getMessage());
        }
        return false;
    }

    static String hostname(Path procfsRoot) {
        try {
            String name = Files.readString(procfsRoot.resolve("sys/kernel/hostname"), StandardCharsets.US_ASCII)
                    .strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException e) {
            log.debug("no hostname in procfs: {}", e.toString());
        }
        String env = System.getenv("HOSTNAME");
        return env != null && !env.isBlank() ? env : "unknown";
    }
}
