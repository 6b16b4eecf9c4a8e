package io.fleetdeck.daemon.agent;

import io.fleetdeck.daemon.identity.BrokerPassword;
import io.fleetdeck.daemon.identity.DeviceKey;
import io.fleetdeck.model.AdoptionAnswer;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * On adoption, hands the console the device's broker password (made up at the first adoption), signed with the
 * device key, and reconnects with it once the answer is out. Re-adopting after a console lost its history heals a
 * device the broker no longer knows.
 */
public final class BrokerCredentialIssuer implements AdoptionCredentials {
    private static final Logger log = LoggerFactory.getLogger(BrokerCredentialIssuer.class);
    /** The answer goes out on the current connection first; a reconnect before its PUBACK would lose it. */
    private static final Duration RECONNECT_AFTER = Duration.ofSeconds(1);

    private final DeviceId device;
    private final DeviceKey key;
    private final BrokerPassword password;
    private final DeviceAgent agent;

    public BrokerCredentialIssuer(DeviceId device, DeviceKey key, BrokerPassword password, DeviceAgent agent) {
        this.device = Objects.requireNonNull(device, "device");
        this.key = Objects.requireNonNull(key, "key");
        this.password = Objects.requireNonNull(password, "password");
        this.agent = Objects.requireNonNull(agent, "agent");
    }

    @Override
    public Map<String, String> issue(KeyFingerprint consoleKey) throws IOException {
        String fresh = password.forAdoption();
        boolean reconnect = !agent.connectedWithCurrentPassword();
        log.info("{}: adopted by the console with key {}; handing it the broker password{}", device, consoleKey,
                reconnect ? " and reconnecting with it" : "");
        if (reconnect) {
            Thread.ofVirtual().name("reconnect-after-adoption-" + device).start(() -> {
                try {
                    Thread.sleep(RECONNECT_AFTER);
                    agent.reconnect("adopted: connecting with the password the console now knows");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (io.fleetdeck.daemon.mqtt.MqttSessionException | RuntimeException e) {
                    log.error("{}: cannot reconnect with the new broker password: {}", device, e.toString(), e);
                }
            });
        }
        Map<String, String> data = new java.util.LinkedHashMap<>(AdoptionAnswer.sign(device, consoleKey,
                key.publicKey(), key.privateKey(), fresh).toData());
        data.put(AdoptionAnswer.RECONNECTS, Boolean.toString(reconnect));
        return data;
    }
}
