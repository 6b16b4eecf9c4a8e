package io.fleetdeck.console.mqtt;

import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.MalformedPayloadException;
import io.fleetdeck.model.MessageEnvelope;
import io.fleetdeck.model.MessageSignature;
import io.fleetdeck.model.MessageSignatures;
import io.fleetdeck.model.MessageVerificationException;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.SignatureDomain;
import io.fleetdeck.model.Topics;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.time.Duration;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * {@link DeviceCommands} over the console's own MQTT session: each request carries this console's response topic
 * and a random correlation id; the answer with that id completes the request's future, and a timer fails it when none
 * comes. Requests expire on the broker after the same timeout, so a device that reconnects an hour later does not
 * carry out a stale install.
 *
 * <p>With a {@link CommandSigner}, every command carries the operator's signature (devices require it for install,
 * preflight and cancel and ignore it on the rest). With pinned device keys, an answer from a device whose key is
 * pinned counts only when it is signed by that key with the request's correlation data as its nonce; any other answer
 * on the response topic is ignored (logged once per device and reason, counted), and the request keeps waiting for
 * the real one.
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
    private final CommandSigner signer;
    private final Function<DeviceId, Optional<PublicKey>> pinnedKeys;
    private final MessageSignatures answers = new MessageSignatures(SignatureDomain.REPORT);
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong refusedAnswers = new AtomicLong();
    private final Set<String> refusalsLogged = ConcurrentHashMap.newKeySet();

    /** Unsigned commands, unchecked answers: for tests of other things. */
    public MqttDeviceCommands(FleetSubscriber link, String consoleId, Duration timeout, PayloadCodec codec) {
        this(link, consoleId, timeout, codec, null, device -> Optional.empty());
    }

    /**
     * Routes {@code link}'s messages on this console's response topic here; call before or after it connects.
     *
     * @param signer     signs every command; null sends them unsigned
     * @param pinnedKeys the pinned key of a device, which its answers must be signed with; empty for a device not
     *                   adopted (its answers are taken as they come, e.g. to an adoption)
     */
    public MqttDeviceCommands(FleetSubscriber link, String consoleId, Duration timeout, PayloadCodec codec,
                              CommandSigner signer, Function<DeviceId, Optional<PublicKey>> pinnedKeys) {
        this.link = Objects.requireNonNull(link, "link");
        this.responseTopic = Topics.consoleResponses(consoleId);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.signer = signer;
        this.pinnedKeys = Objects.requireNonNull(pinnedKeys, "pinnedKeys");
        link.routeResponses(responseTopic, this::answered);
    }

    /** Answers ignored because they did not verify against their device's pinned key. */
    public long refusedAnswers() {
        return refusedAnswers.get();
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
        String topic = Topics.command(device, command);
        byte[] payload = codec.encode(request);
        if (signer != null) {
            List<UserProperty> signature = new ArrayList<>();
            signer.sign(topic, payload).forEach((name, value) -> signature.add(new UserProperty(name, value)));
            properties.setUserProperties(signature);
        }
        MqttMessage message = new MqttMessage(payload, 1, false, properties);
        try {
            link.publish(topic, message);
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
        String key = HexFormat.of().formatHex(correlation);
        Pending waiting = pending.get(key);
        if (waiting == null) {
            // Late (after its timeout), or meant for an earlier run of this console.
            log.debug("Dropped an answer on {} that matches no waiting request", responseTopic);
            return;
        }
        Optional<String> forged = unverified(waiting.device(), message, correlation);
        if (forged.isPresent()) {
            refusedAnswers.incrementAndGet();
            if (refusalsLogged.size() < 10_000 && refusalsLogged.add(waiting.device() + "|"
                    + forged.get().substring(0, Math.max(0, forged.get().indexOf(':'))))) {
                log.warn("Ignored an answer to cmd/{} for {} that is not signed by its pinned key: {} (further ones "
                        + "are counted, not logged)", waiting.command(), waiting.device(), forged.get());
            }
            return;
        }
        Pending request = pending.remove(key);
        if (request == null) {
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

    /**
     * Why an answer from {@code device} cannot be taken, if it cannot: it must be signed by the device's pinned key
     * (when there is one) with the request's correlation data as its nonce, so an answer to another request (or from
     * another device, or anyone else on the broker) never passes for this one.
     */
    private Optional<String> unverified(DeviceId device, MqttMessage message, byte[] correlation) {
        Optional<PublicKey> pinned = pinnedKeys.apply(device);
        if (pinned.isEmpty()) {
            return Optional.empty();
        }
        List<Map.Entry<String, String>> properties = new ArrayList<>();
        if (message.getProperties() != null && message.getProperties().getUserProperties() != null) {
            for (UserProperty property : message.getProperties().getUserProperties()) {
                properties.add(new SimpleImmutableEntry<>(property.getKey(), property.getValue()));
            }
        }
        try {
            MessageSignature signature = answers.verify(new MessageEnvelope(responseTopic, message.getPayload(),
                    properties), Map.of(KeyFingerprint.of(pinned.get()), pinned.get()));
            String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(correlation);
            if (!signature.nonce().equals(expected)) {
                return Optional.of("BAD_SIGNATURE: signed for another request (nonce " + signature.nonce() + ")");
            }
            return Optional.empty();
        } catch (MessageVerificationException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static String truncate(String text) {
        return text.length() <= 900 ? text : text.substring(0, 900) + "…";
    }
}
