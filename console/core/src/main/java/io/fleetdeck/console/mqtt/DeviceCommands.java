package io.fleetdeck.console.mqtt;

import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.DeviceId;

import java.util.concurrent.CompletableFuture;

/**
 * Commands to devices, answered over MQTT v5 request/response ({@code cmd/<name>} with a response topic and
 * correlation data). Every call returns at once.
 */
public interface DeviceCommands {
    /**
     * Sends {@code cmd/<command>} to {@code device}.
     *
     * @return completes with the device's answer, whether it carried the command out or refused it
     *         ({@link CommandResponse#ok()}); exceptionally with {@link DeviceDidNotAnswerException} when no answer
     *         came in time, or {@link BrokerConnectionException} when the request could not be sent
     */
    CompletableFuture<CommandResponse> send(DeviceId device, String command, CommandRequest request);
}
