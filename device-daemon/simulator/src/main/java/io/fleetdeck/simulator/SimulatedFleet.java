package io.fleetdeck.simulator;

import io.fleetdeck.daemon.agent.DeviceAgent;
import io.fleetdeck.daemon.identity.IdentityException;
import io.fleetdeck.daemon.mqtt.MqttSessionException;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.daemon.ota.LazyHttpClient;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.TelemetryEncoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Many virtual devices in one JVM, each with its own id, MQTT v5 session, simulated sensors and A/B slots that take
 * firmware updates ({@link VirtualDevice}). The console's demo mode and the benchmarks start one; {@code fleetdeckd
 * simulate} wraps one in a CLI.
 */
public final class SimulatedFleet implements AutoCloseable {
    /** Firmware version virtual devices announce. */
    public static final String FIRMWARE_VERSION = "sim-1.0.0";
    private static final Logger log = LoggerFactory.getLogger(SimulatedFleet.class);

    private final Map<DeviceId, VirtualDevice> devices;
    private final long closeTimeoutMs;
    private final Runnable afterClose;
    private boolean closed;

    private SimulatedFleet(Map<DeviceId, VirtualDevice> devices, long closeTimeoutMs, Runnable afterClose) {
        this.devices = devices;
        this.closeTimeoutMs = closeTimeoutMs;
        this.afterClose = afterClose;
    }

    /**
     * Starts {@code devices} virtual devices publishing to brokerUrl, ids idPrefix-0001.., sensors sampled at rateHz
     * each. Returns once all have been asked to connect (not necessarily connected).
     *
     * @throws IllegalArgumentException for a malformed URL, a count or rate out of range, or a prefix that does not
     *                                  make valid device ids
     */
    public static SimulatedFleet start(String brokerUrl, int devices, double rateHz, String idPrefix) {
        return start(new FleetOptions(devices, rateHz, idPrefix, MqttSettings.defaults(brokerUrl)));
    }

    /**
     * As {@link #start(String, int, double, String)}, with every session setting spelled out. Each device keeps its
     * key, slots and install job in {@code <stateRoot>/<id>/} (a temporary directory, deleted at close, without one).
     *
     * @throws IllegalStateException when a device's state cannot be read or written
     */
    public static SimulatedFleet start(FleetOptions options) {
        Path root;
        boolean temporary = options.firmware().stateRoot().isEmpty();
        try {
            root = temporary ? Files.createTempDirectory("fleetdeck-sim-") : options.firmware().stateRoot().get();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a state directory for the simulated fleet: "
                    + e.getMessage(), e);
        }
        LazyHttpClient http = new LazyHttpClient(Duration.ofSeconds(10), options.mqtt().caFile());
        Runnable cleanUp = () -> {
            http.close();
            if (temporary) {
                TemporaryDirectories.deleteQuietly(root);
            }
        };
        List<VirtualDevice> prepared;
        try {
            prepared = prepare(options, root, !temporary, http);
        } catch (IdentityException | IOException | RuntimeException e) {
            cleanUp.run();
            throw new IllegalStateException("cannot prepare the simulated devices under " + root + ": "
                    + e.getMessage(), e);
        }
        return start(options, prepared, cleanUp);
    }

    /**
     * Loads or creates each device's state under {@code root} and boots its slots; starts nothing.
     *
     * @param keepKeys false when {@code root} is thrown away at close: keys stay in memory
     */
    static List<VirtualDevice> prepare(FleetOptions options, Path root, boolean keepKeys, Supplier<HttpClient> http)
            throws IdentityException, IOException {
        Supplier<PayloadCodec> codec = sharedCodec();
        List<DeviceId> ids = idsFor(options.idPrefix(), options.devices());
        List<VirtualDevice> prepared = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            prepared.add(VirtualDevice.prepare(i, ids.get(i), root.resolve(ids.get(i).value()), options.firmware(),
                    http, codec, options.periodMs(), keepKeys));
        }
        return prepared;
    }

    /**
     * One codec for the whole fleet, built when the first device starts rather than before the devices are announced
     * over mDNS: Jackson's set-up is a noticeable share of a cold start and the announcement does not need it.
     */
    private static Supplier<PayloadCodec> sharedCodec() {
        return new Supplier<>() {
            private PayloadCodec codec;

            @Override
            public synchronized PayloadCodec get() {
                if (codec == null) {
                    codec = new PayloadCodec();
                }
                return codec;
            }
        };
    }

    /** Starts prepared devices; {@code afterClose} runs once they are all closed. */
    static SimulatedFleet start(FleetOptions options, List<VirtualDevice> prepared, Runnable afterClose) {
        Map<DeviceId, VirtualDevice> devices = new LinkedHashMap<>();
        for (VirtualDevice device : prepared) {
            devices.put(device.id(), device);
        }
        SimulatedFleet fleet = new SimulatedFleet(devices, options.mqtt().closeTimeout().toMillis(), afterClose);
        try {
            for (VirtualDevice device : prepared) {
                device.start(options.mqtt());
            }
        } catch (MqttSessionException | IOException e) {
            prepared.forEach(VirtualDevice::crash);
            afterClose.run();
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        List<DeviceId> ids = List.copyOf(devices.keySet());
        log.info("simulating {} devices {}..{} at {} Hz per sensor against {}", ids.size(), ids.getFirst(),
                ids.getLast(), options.rateHz(), options.mqtt().brokerUrl());
        return fleet;
    }

    /** The ids a fleet of {@code devices} with this prefix has: prefix-0001, prefix-0002, … */
    public static List<DeviceId> idsFor(String idPrefix, int devices) {
        List<DeviceId> ids = new ArrayList<>();
        for (int i = 1; i <= devices; i++) {
            ids.add(DeviceId.of(String.format("%s-%04d", idPrefix, i)));
        }
        return ids;
    }

    public List<DeviceId> deviceIds() {
        return List.copyOf(devices.keySet());
    }

    /** The firmware version device {@code id} runs now (it changes when an update is committed or rolled back). */
    public String firmwareVersion(DeviceId id) {
        return device(id).firmwareVersion();
    }

    /** The public half of device {@code id}'s key, which signs its install reports and answers (for pinning). */
    public PublicKey publicKey(DeviceId id) {
        return device(id).publicKey();
    }

    private VirtualDevice device(DeviceId id) {
        VirtualDevice device = devices.get(id);
        if (device == null) {
            throw new NoSuchElementException("no simulated device " + id);
        }
        return device;
    }

    private List<DeviceAgent> agents() {
        return devices.values().stream().map(VirtualDevice::agent).filter(java.util.Objects::nonNull).toList();
    }

    /** Acknowledged (QoS 1 complete) readings, summed over devices. */
    public long publishedReadings() {
        return agents().stream().mapToLong(DeviceAgent::acknowledgedReadings).sum();
    }

    /** Readings in batches no PUBACK settled, summed over devices; after {@link #close()}, what the fleet gave up on. */
    public long unacknowledgedReadings() {
        return agents().stream().mapToLong(DeviceAgent::unacknowledgedReadings).sum();
    }

    public int connectedDevices() {
        return (int) agents().stream().filter(DeviceAgent::isConnected).count();
    }

    /** Times Paho refused a publish with a full window (32202) and a device waited and retried, over all devices. */
    public long windowFullRetries() {
        return agents().stream().mapToLong(DeviceAgent::windowFullRetries).sum();
    }

    /**
     * Moves every device to another broker (the console came back elsewhere), in parallel: each says offline to
     * the old broker, bounded by the close timeout, and connects to the new one.
     */
    public synchronized void moveTo(String brokerUrl) {
        moveTo(brokerUrl, Optional.empty());
    }

    /** As {@link #moveTo(String)}, publishing telemetry in {@code encoding} from then on. */
    public synchronized void moveTo(String brokerUrl, TelemetryEncoding encoding) {
        moveTo(brokerUrl, Optional.of(encoding));
    }

    private void moveTo(String brokerUrl, Optional<TelemetryEncoding> encoding) {
        if (closed) {
            return;
        }
        try (ExecutorService mover = Executors.newVirtualThreadPerTaskExecutor()) {
            for (VirtualDevice device : devices.values()) {
                mover.execute(() -> {
                    try {
                        device.moveTo(brokerUrl, encoding);
                    } catch (MqttSessionException e) {
                        log.warn("{}: cannot move to {}: {}", device.id(), brokerUrl, e.getMessage());
                    }
                });
            }
        }
    }

    /** Kills one device abruptly: no {@code offline} message, so the broker publishes its will. */
    public void crash(DeviceId id) {
        device(id).crash();
    }

    /** Publishes offline, disconnects all, returns when done (bounded wait). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Devices close in parallel so the wait is one close timeout, not one per device.
        try (ExecutorService closer = Executors.newVirtualThreadPerTaskExecutor()) {
            devices.values().forEach(device -> closer.execute(device::close));
            closer.shutdown();
            if (!closer.awaitTermination(closeTimeoutMs + 2000, TimeUnit.MILLISECONDS)) {
                log.warn("some simulated devices did not close within {} ms", closeTimeoutMs + 2000);
                closer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        afterClose.run();
        log.info("simulated fleet of {} devices stopped", devices.size());
    }
}
