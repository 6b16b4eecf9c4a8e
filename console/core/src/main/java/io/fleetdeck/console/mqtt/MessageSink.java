package io.fleetdeck.console.mqtt;

/**
 * Where the console's session hands each message, on Paho's callback thread. The broker gets the QoS 1 PUBACK only
 * when {@code acknowledge} runs: a sink that keeps a message (telemetry into the history) runs it once the message is
 * safe, from any thread; a sink done with it runs it before returning. Until then the broker counts the message
 * against the session's receive maximum and redelivers it after a reconnect or a console crash.
 */
@FunctionalInterface
public interface MessageSink {
    void accept(String topic, byte[] payload, Runnable acknowledge);
}
