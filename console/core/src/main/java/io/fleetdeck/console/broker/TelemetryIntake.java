package io.fleetdeck.console.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import com.hivemq.extension.sdk.api.services.Services;
import io.fleetdeck.console.mqtt.MessageSink;
import io.fleetdeck.model.DeviceTopic;
import io.fleetdeck.model.InvalidIdentifierException;
import io.fleetdeck.model.TopicKind;
import io.fleetdeck.model.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes devices' telemetry straight from the embedded broker into the console's ingest, and holds each QoS 1 PUBACK
 * until the readings are committed to the history. A device's PUBACK therefore means "stored": a console killed at
 * any moment (and the broker with it, it runs in the same process) loses nothing a device believes delivered; the
 * device keeps what was not acknowledged and sends it again. A slow disk slows the devices' in-flight windows down
 * instead of filling a queue: backpressure reaches the devices, which buffer (store-and-forward).
 *
 * <p>The console's own MQTT session then does not subscribe to telemetry (it would get every batch twice). Other
 * subscribers, such as {@code mosquitto_sub}, still receive each batch, once it is stored.
 */
public final class TelemetryIntake {
    private static final Logger log = LoggerFactory.getLogger(TelemetryIntake.class);
    /**
     * How long a PUBACK may wait for the history. After that the device gets "unspecified error" and sends the batch
     * again later; the history keeps whatever did get committed once and ignores the repeat.
     */
    static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);

    private final MessageSink sink;
    private final boolean devicesUseTheirOwnIds;
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param sink                  the console's ingest; runs {@code acknowledge} once a batch is committed
     * @param devicesUseTheirOwnIds true when access control admits each device with its id as client id: a batch on
     *                              another device's topic is then refused here too (defence in depth)
     */
    public TelemetryIntake(MessageSink sink, boolean devicesUseTheirOwnIds) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.devicesUseTheirOwnIds = devicesUseTheirOwnIds;
    }

    /** Registers the interceptor for every client; call from the extension's start. */
    void register() {
        PublishInboundInterceptor interceptor = this::onPublish;
        Services.initializerRegistry().setClientInitializer(
                (input, context) -> context.addPublishInboundInterceptor(interceptor));
    }

    /** Telemetry batches handed to the ingest so far. */
    public long taken() {
        return taken.get();
    }

    private void onPublish(PublishInboundInput input, PublishInboundOutput output) {
        PublishPacket packet = input.getPublishPacket();
        String topic = packet.getTopic();
        Optional<DeviceTopic> parsed;
        try {
            parsed = Topics.parse(topic);
        } catch (InvalidIdentifierException e) {
            return;
        }
        if (parsed.isEmpty() || parsed.get().kind() != TopicKind.TELEMETRY) {
            return;
        }
        if (devicesUseTheirOwnIds && isDevice(input)
                && !input.getClientInformation().getClientId().equals(parsed.get().device().value())) {
            refused.incrementAndGet();
            output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "not this client's telemetry topic");
            return;
        }
        byte[] payload = bytes(packet.getPayload());
        if (packet.getQos() == Qos.AT_MOST_ONCE) {
            taken.incrementAndGet();
            sink.accept(topic, payload, () -> {
            });
            return;
        }
        Async<PublishInboundOutput> pending = output.async(COMMIT_TIMEOUT, TimeoutFallback.FAILURE,
                AckReasonCode.UNSPECIFIED_ERROR, "history did not commit in time");
        taken.incrementAndGet();
        try {
            sink.accept(topic, payload, pending::resume);
        } catch (RuntimeException e) {
            log.error("Ingest of {} failed", topic, e);
            pending.resume();
        }
    }

    /** The console's own publishes never land here (it does not publish telemetry), but keep the check explicit. */
    private static boolean isDevice(PublishInboundInput input) {
        String id = input.getClientInformation().getClientId();
        return !id.startsWith("fleetdeck-") && !id.startsWith("deploy-");
    }

    private static byte[] bytes(Optional<ByteBuffer> payload) {
        if (payload.isEmpty()) {
            return new byte[0];
        }
        ByteBuffer buffer = payload.get().asReadOnlyBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
