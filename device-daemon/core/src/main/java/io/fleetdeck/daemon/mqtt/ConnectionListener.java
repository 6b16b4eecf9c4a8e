package io.fleetdeck.daemon.mqtt;

import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * What the rest of a session does as its connection comes and goes. The connection only knows this interface, so the
 * publishers can wait on the connection without the connection knowing them.
 */
interface ConnectionListener {
    /**
     * Sets up a fresh connection on the connector thread, after CONNACK and before the session counts as online;
     * a failure fails the attempt, which is then retried with backoff.
     *
     * @param windowLimit QoS 1 telemetry batches the broker lets this connection have awaiting PUBACK
     * @param timeoutMs   how long each step may wait for the broker
     */
    void established(int windowLimit, long timeoutMs) throws MqttException, InterruptedException;

    /** The session counts as online now; called on the connector thread. */
    void online();

    /** The connection dropped and the session no longer counts as online; called on Paho's callback thread. */
    void lost();
}
