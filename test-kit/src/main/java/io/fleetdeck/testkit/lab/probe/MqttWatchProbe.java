package io.fleetdeck.testkit.lab.probe;

import io.fleetdeck.model.DeviceStatus;
import io.fleetdeck.model.MalformedPayloadException;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Topics;
import io.fleetdeck.testkit.mqtt.MessageCallback;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

import java.util.concurrent.CountDownLatch;

/**
 * A console stand-in inside a lab host: subscribes to {@code fleetdeck/v1/#} at {@code BROKER_URL} and prints
 * {@code {"ready":true}}, then per message {@code {"topic":"…","retained":…}} plus {@code "presence":"ONLINE|OFFLINE"}
 * for a {@code status} and {@code "bytes":n} otherwise. Runs until killed.
 */
public final class MqttWatchProbe {
    private MqttWatchProbe() {
    }

    public static void main(String[] args) throws MqttException, InterruptedException {
        PayloadCodec codec = new PayloadCodec();
        MqttAsyncClient client = new MqttAsyncClient(args[0], "lab-watch-" + ProcessHandle.current().pid(),
                new MemoryPersistence());
        client.setCallback(MessageCallback.of((topic, message) -> ProbeOutput.print(line -> {
            line.put("topic", topic).put("retained", message.isRetained());
            if (topic.endsWith("/status")) {
                line.put("presence", presence(codec, message.getPayload()));
            } else {
                line.put("bytes", message.getPayload().length);
            }
        }), response -> ProbeOutput.print(line -> line.put("disconnected",
                String.valueOf(response.getReasonString())))));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options).waitForCompletion(20_000);
        client.subscribe(new MqttSubscription[]{new MqttSubscription(Topics.ROOT + "#", 1)}).waitForCompletion(20_000);
        ProbeOutput.print(line -> line.put("ready", true));
        new CountDownLatch(1).await();
    }

    private static String presence(PayloadCodec codec, byte[] payload) {
        try {
            DeviceStatus status = codec.decodeStatus(payload);
            return status.state().name();
        } catch (MalformedPayloadException e) {
            return "MALFORMED: " + e.getMessage();
        }
    }
}
