package io.fleetdeck.console.mqtt;

import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.MalformedPayloadException;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Topics;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link DeviceCommands} over the console's own MQTT session: each request carries this console's response topic
 * and a random correlation id; the answer with that id completes the request's future, and a timer fails it when none
 * comes. Requests expire on the broker after the same timeout, so a device that reconnects an hour later does not
 * carry out a stale install.
 */
public final class MqttDeviceCommands implements DeviceCommands {
    private static final Logger log = LoggerFactory.getLogger(MqttDeviceCommands.class);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private record Pending(DeviceId device, String command, CompletableFuture<CommandResponse> answer) {
    }

    private final FleetSubscriber link;
    private final String responseTopic;
    private final Duration timeout;
    private final PayloadCodec codec;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    /** Routes {@code link}'s messages on this console's response topic here; call before or after it connects. */
    public MqttDeviceCommands(FleetSubscriber link, String consoleId, Duration timeout, PayloadCodec codec) {
        this.link = Objects.requireNonNull(link, "link");
        this.responseTopic = Topics.consoleResponses(consoleId);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.codec = Objects.requireNonNull(codec, "codec");
        link.routeResponses(responseTopic, this::answered);
    }

    public String responseTopic() {
        return responseTopic;
    }

    /** Requests still waiting for their answer. */
    public int pending() {
        return pending.size();
    }

    @Override
    public CompletableFuture<CommandResponse> send(DeviceId device, String command, CommandRequest request) {
        CompletableFuture<CommandResponse> answer = new CompletableFuture<>();
        UUID id = UUID.randomUUID();
        byte[] correlation = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits()).array();
        String key = HexFormat.of().formatHex(correlation);
        pending.put(key, new Pending(device, command, answer));
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(responseTopic);
        properties.setCorrelationData(correlation);
        properties.setContentType("application/json");
        properties.setPayloadFormat(true);
        properties.setMessageExpiryInterval(Math.max(1, (timeout.toMillis() + 999) / 1000));
        MqttMessage message = new MqttMessage(codec.encode(request), 1, false, properties);
        try {
            link.publish(Topics.command(device, command), message);
        } catch (MqttException e) {
            pending.remove(key);
            answer.completeExceptionally(new BrokerConnectionException(link.broker(), e.getReasonCode(),
                    "cannot send cmd/" + command + " to " + device, e));
            return answer;
        }
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (pending.remove(key) != null) {
                answer.completeExceptionally(new DeviceDidNotAnswerException(device, command, timeout));
            }
        });
        return answer;
    }

    /** On Paho's callback thread: match the answer to its request, or drop it. */
    private void answered(MqttMessage message) {
        MqttProperties properties = message.getProperties();
        byte[] correlation = properties == null ? null : properties.getCorrelationData();
        if (correlation == null) {
            log.warn("Dropped an answer on {} without correlation data", responseTopic);
            return;
        }
        Pending request = pending.remove(HexFormat.of().formatHex(correlation));
        if (request == null) {
            // Late (after its timeout), or meant for an earlier run of this console.
            log.debug("Dropped an answer on {} that matches no waiting request", responseTopic);
            return;
        }
        try {
            request.answer().complete(codec.decodeResponse(message.getPayload()));
        } catch (MalformedPayloadException e) {
            log.warn("{} answered cmd/{} with a malformed response: {}", request.device(), request.command(),
                    e.getMessage());
            request.answer().complete(CommandResponse.failed("malformed answer: " + truncate(e.getMessage())));
        }
    }

    private static String truncate(String text) {
        return text.length() <= 900 ? text : text.substring(0, 900) + "…";
    }
}
