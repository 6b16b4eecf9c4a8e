package io.fleetdeck.simulator;

import io.fleetdeck.daemon.mqtt.MqttSettings;

import java.util.Objects;

/**
 * Everything a {@link SimulatedFleet} needs beyond the count.
 *
 * @param devices  how many virtual devices, 1..10000
 * @param rateHz   samples per second per sensor, more than 0 and at most 100 (the protocol's 10 ms minimum period)
 * @param idPrefix device ids are {@code <idPrefix>-0001}, {@code <idPrefix>-0002}, …
 * @param mqtt     broker URL and session tuning shared by all devices
 * @param firmware where the devices keep their slots and how they install updates
 */
public record FleetOptions(int devices, double rateHz, String idPrefix, MqttSettings mqtt,
                           SimFirmwareOptions firmware) {
    public static final double MAX_RATE_HZ = 100.0;

    public FleetOptions {
        Objects.requireNonNull(idPrefix, "idPrefix");
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(firmware, "firmware");
        if (devices < 1 || devices > 10_000) {
            throw new IllegalArgumentException("devices must be 1..10000, not " + devices);
        }
        if (!(rateHz > 0) || rateHz > MAX_RATE_HZ) {
            throw new IllegalArgumentException("rate must be more than 0 and at most " + MAX_RATE_HZ + " Hz, not "
                    + rateHz);
        }
    }

    /** A fleet with the default firmware options: slots in a temporary directory, 60 s health checks. */
    public FleetOptions(int devices, double rateHz, String idPrefix, MqttSettings mqtt) {
        this(devices, rateHz, idPrefix, mqtt, SimFirmwareOptions.defaults());
    }

    /** The same fleet against another broker: the console was found over mDNS, or moved. */
    public FleetOptions withBrokerUrl(String brokerUrl) {
        return new FleetOptions(devices, rateHz, idPrefix, mqtt.withBrokerUrl(brokerUrl), firmware);
    }

    /** The same options for another count and prefix. */
    public FleetOptions withDevices(int count, String prefix) {
        return new FleetOptions(count, rateHz, prefix, mqtt, firmware);
    }

    /** The same fleet with other session settings, e.g. another telemetry encoding. */
    public FleetOptions withMqtt(MqttSettings settings) {
        return new FleetOptions(devices, rateHz, idPrefix, settings, firmware);
    }

    public FleetOptions withFirmware(SimFirmwareOptions options) {
        return new FleetOptions(devices, rateHz, idPrefix, mqtt, options);
    }

    /** Sampling period for {@link #rateHz}, at least the 10 ms the protocol allows. */
    public long periodMs() {
        return Math.max(10, Math.round(1000.0 / rateHz));
    }
}
