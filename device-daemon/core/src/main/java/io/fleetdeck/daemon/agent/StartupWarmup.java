package io.fleetdeck.daemon.agent;

import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Slot;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Loads and initialises the MQTT client and the JSON codec while the daemon still waits for mDNS to find its
 * console. Start-to-online is what an operator watches on the bench; a cold JVM otherwise spends a few hundred
 * milliseconds on class loading only after the broker address is known.
 */
public final class StartupWarmup {
    private static final Logger log = LoggerFactory.getLogger(StartupWarmup.class);

    private StartupWarmup() {
    }

    /** Starts the warm-up on a virtual thread and returns at once. */
    public static void begin() {
        Thread.ofVirtual().name("startup-warmup").start(StartupWarmup::warm);
    }

    private static void warm() {
        long start = System.nanoTime();
        try {
            new PayloadCodec().encode(new DeviceInfo("warm-up", "", "warm-up", "0", Slot.A, List.of(), List.of(), 1));
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            new MqttAsyncClient("tcp://127.0.0.1:1", "warm-up", new MemoryPersistence()).close();
            log.debug("warm-up took {} ms", (System.nanoTime() - start) / 1_000_000);
        } catch (Exception | LinkageError e) {
            log.debug("warm-up skipped: {}", e.toString());
        }
    }
}
