package io.fleetdeck.daemon.mqtt;

import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.MessageEnvelope;

/**
 * What carries out the commands a session receives. It sits on the session's side so that the session needs nothing
 * from the agent that implements it: the agent depends on the session, never the other way round.
 */
@FunctionalInterface
public interface CommandExecutor {
    /**
     * Carries out {@code cmd/<name>} and says what happened; the session publishes the result as the one response.
     * Runs on a session task, never on Paho's callback thread, so it may take its time.
     *
     * @param message the request as received: topic, payload bytes and user properties (a signature, if any)
     */
    CommandResponse handle(String name, MessageEnvelope message);
}
