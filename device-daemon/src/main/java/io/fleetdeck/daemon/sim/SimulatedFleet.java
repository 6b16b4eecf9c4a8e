package io.fleetdeck.daemon.sim;

import io.fleetdeck.daemon.agent.DeviceAgent;
import io.fleetdeck.daemon.agent.DeviceProfile;
import io.fleetdeck.daemon.mqtt.MqttSessionException;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Slot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Many virtual devices in one JVM, each with its own id, MQTT v5 session and simulated sensors. The console's demo
 * mode and the benchmarks start one; {@code fleetdeckd simulate} wraps one in a CLI.
 */
public final class SimulatedFleet implements AutoCloseable {
    /** Firmware version virtual devices announce. */
    public static final String FIRMWARE_VERSION = "sim-1.0.0";
    private static final Logger log = LoggerFactory.getLogger(SimulatedFleet.class);

    private final Map<DeviceId, DeviceAgent> agents;
    private final long closeTimeoutMs;
    private boolean closed;

    private SimulatedFleet(Map<DeviceId, DeviceAgent> agents, long closeTimeoutMs) {
        this.agents = agents;
        this.closeTimeoutMs = closeTimeoutMs;
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

    /** As {@link #start(String, int, double, String)}, with every session setting spelled out. */
    public static SimulatedFleet start(FleetOptions options) {
        PayloadCodec codec = new PayloadCodec();
        Map<DeviceId, DeviceAgent> agents = new LinkedHashMap<>();
        List<DeviceId> ids = idsFor(options.idPrefix(), options.devices());
        try {
            for (int i = 0; i < ids.size(); i++) {
                DeviceId id = ids.get(i);
                DeviceProfile profile = new DeviceProfile("simulated", "", id.value(), FIRMWARE_VERSION, Slot.A,
                        List.of("identify"));
                agents.put(id, new DeviceAgent(id, profile, SimulatedSensors.forDevice(i, options.periodMs()),
                        () -> "simulated device " + id + ": nothing to blink", options.mqtt(), codec,
                        System::currentTimeMillis));
            }
        } catch (MqttSessionException e) {
            agents.values().forEach(DeviceAgent::crash);
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        agents.values().forEach(DeviceAgent::start);
        log.info("simulating {} devices {}..{} at {} Hz per sensor against {}", ids.size(), ids.getFirst(),
                ids.getLast(), options.rateHz(), options.mqtt().brokerUrl());
        return new SimulatedFleet(agents, options.mqtt().closeTimeout().toMillis());
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
        return List.copyOf(agents.keySet());
    }

    /** Acknowledged (QoS 1 complete) readings, summed over devices. */
    public long publishedReadings() {
        return agents.values().stream().mapToLong(DeviceAgent::acknowledgedReadings).sum();
    }

    public int connectedDevices() {
        return (int) agents.values().stream().filter(DeviceAgent::isConnected).count();
    }

    /** Times Paho refused a publish with a full window (32202) and a device waited and retried, over all devices. */
    public long windowFullRetries() {
        return agents.values().stream().mapToLong(DeviceAgent::windowFullRetries).sum();
    }

    /**
     * Moves every device to another broker (the console came back elsewhere), in parallel: each says offline to
     * the old broker, bounded by the close timeout, and connects to the new one.
     */
    public synchronized void moveTo(String brokerUrl) {
        if (closed) {
            return;
        }
        try (ExecutorService mover = Executors.newVirtualThreadPerTaskExecutor()) {
            for (DeviceAgent agent : agents.values()) {
                mover.execute(() -> {
                    try {
                        agent.moveTo(brokerUrl);
                    } catch (MqttSessionException e) {
                        log.warn("{}: cannot move to {}: {}", agent.device(), brokerUrl, e.getMessage());
                    }
                });
            }
        }
    }

    /** Kills one device abruptly: no {@code offline} message, so the broker publishes its will. */
    public void crash(DeviceId id) {
        DeviceAgent agent = agents.get(id);
        if (agent == null) {
            throw new NoSuchElementException("no simulated device " + id);
        }
        agent.crash();
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
            agents.values().forEach(agent -> closer.execute(agent::close));
            closer.shutdown();
            if (!closer.awaitTermination(closeTimeoutMs + 2000, TimeUnit.MILLISECONDS)) {
                log.warn("some simulated devices did not close within {} ms", closeTimeoutMs + 2000);
                closer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("simulated fleet of {} devices stopped", agents.size());
    }
}
