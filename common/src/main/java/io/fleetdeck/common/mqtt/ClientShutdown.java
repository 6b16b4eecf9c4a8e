package io.fleetdeck.common.mqtt;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disconnects and closes a Paho v5 client without racing Paho's own disconnect thread. {@code close()} while that
 * thread still quiesces (it waits up to 30 s by default for work in flight) nulls the state it is clearing, and the
 * thread dies with a NullPointerException: seen in a TestFX run, where any thread's uncaught exception fails a test.
 * So: a short quiesce, a wait for the disconnect, a forced disconnect if it did not finish, then close.
 */
public final class ClientShutdown {
    private static final Logger log = LoggerFactory.getLogger(ClientShutdown.class);
    private static final long QUIESCE_MS = 200;

    private ClientShutdown() {
    }

    /** Sends DISCONNECT if connected (waiting at most {@code waitMs}), then closes; never throws. */
    public static void disconnectAndClose(MqttAsyncClient client, long waitMs) {
        try {
            if (client.isConnected()) {
                client.disconnect(QUIESCE_MS).waitForCompletion(waitMs);
            }
        } catch (MqttException e) {
            log.debug("{}: disconnect did not finish ({}); forcing it", client.getClientId(), e.toString());
            try {
                client.disconnectForcibly(0, 1000, false);
            } catch (MqttException forced) {
                log.debug("{}: forced disconnect: {}", client.getClientId(), forced.toString());
            }
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("{}: close: {}", client.getClientId(), e.toString());
        }
    }
}
