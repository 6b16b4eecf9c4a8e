package io.fleetdeck.daemon.mqtt;

import io.fleetdeck.common.mqtt.NoDelaySocketFactory;
import io.fleetdeck.common.mqtt.NoDelaySslSocketFactory;
import io.fleetdeck.common.tls.CaFileException;
import io.fleetdeck.common.tls.CaTrust;
import io.fleetdeck.daemon.identity.BrokerPassword;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceStatus;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Presence;
import io.fleetdeck.model.Topics;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import javax.net.SocketFactory;

import static io.fleetdeck.daemon.mqtt.Deadlines.interruptAndJoin;
import static io.fleetdeck.daemon.mqtt.MqttErrors.describe;

/**
 * A session's link to the broker: connects with clean start, session expiry 0 and an {@code offline} Last Will, and
 * after a failure or a drop reconnects with jittered exponential backoff on its own thread until stopped. It holds
 * the one "connected" state every publisher waits on. A drop that races a connect attempt is caught by a generation
 * count: the attempt fails rather than mark a dead connection online.
 */
final class SessionConnection {
    /** Publishes kept out of the telemetry window for status, info, events and responses. */
    private static final int CONTROL_RESERVE = 4;
    /** MQTT 5 CONNACK: bad user name or password. */
    private static final int BAD_USER_NAME_OR_PASSWORD = 0x86;
    private static final Logger log = LoggerFactory.getLogger(SessionConnection.class);

    private final DeviceId device;
    private final MqttSettings settings;
    private final MqttAsyncClient client;
    private final PayloadCodec codec;
    private final LongSupplier clock;
    private final ConnectionListener listener;
    private final NoDelaySocketFactory sockets = new NoDelaySocketFactory();
    private final ReconnectBackoff backoff;
    private final ReentrantLock stateLock = new ReentrantLock();
    private final Condition stateChanged = stateLock.newCondition();
    private boolean connected;
    /** Counts drops, so a connect attempt can tell that its connection died before it was marked online. */
    private long generation;
    private volatile boolean closing;
    private volatile BrokerPassword password = BrokerPassword.inMemory();
    /** The password the current connection was made with; empty when none (or not connected). */
    private volatile java.util.Optional<String> connectedWith = java.util.Optional.empty();
    private Thread connector;

    SessionConnection(DeviceId device, MqttSettings settings, MqttAsyncClient client, PayloadCodec codec,
                      LongSupplier clock, ConnectionListener listener) {
        this.device = Objects.requireNonNull(device, "device");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = Objects.requireNonNull(client, "client");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.backoff = new ReconnectBackoff(settings.backoffInitial(), settings.backoffMax(),
                ThreadLocalRandom.current());
    }

    /** The password to connect with from the next CONNECT on; the user name is always the device id. */
    void usePassword(BrokerPassword value) {
        password = Objects.requireNonNull(value, "value");
    }

    /** Whether the live connection was made with the password the device now has (no reconnect needed for it). */
    boolean connectedWithCurrentPassword() {
        return isConnected() && connectedWith.equals(password.forConnect());
    }

    /** Starts connecting in the background; returns at once. */
    void start() {
        connector = Thread.ofVirtual().name("mqtt-connect-" + device).start(this::connectLoop);
    }

    boolean isConnected() {
        stateLock.lock();
        try {
            return connected;
        } finally {
            stateLock.unlock();
        }
    }

    /**
     * Waits until connected; false when {@code stopping} says the caller is done, or the connection is stopping, and
     * there is no connection to publish on.
     */
    boolean awaitConnected(BooleanSupplier stopping) throws InterruptedException {
        stateLock.lockInterruptibly();
        try {
            while (!connected) {
                if (stopping.getAsBoolean() || closing) {
                    return false;
                }
                stateChanged.await(100, TimeUnit.MILLISECONDS);
            }
            return true;
        } finally {
            stateLock.unlock();
        }
    }

    private void connectLoop() {
        while (!closing) {
            try {
                awaitDisconnected();
                if (closing) {
                    return;
                }
                connectOnce();
                backoff.reset();
            } catch (InterruptedException e) {
                return;
            } catch (MqttException e) {
                if (closing) {
                    return;
                }
                forceDisconnectQuietly();
                if (e.getReasonCode() == BAD_USER_NAME_OR_PASSWORD && password.forConnect().isPresent()) {
                    // Not adopted by this broker's console (any more): show up as a new device so it can be adopted.
                    password.refused();
                    log.error("{}: broker {} refused this device's password; connecting as a device nobody adopted"
                            + " (adopt it again on the console)", device, settings.brokerUrl());
                    continue;
                }
                if (e.getReasonCode() == BAD_USER_NAME_OR_PASSWORD && password.isRefused()) {
                    // Adopted after all (the console learnt the password late): the password is wanted again.
                    password.retry();
                    log.info("{}: broker {} wants this device's password again; retrying with it", device,
                            settings.brokerUrl());
                    continue;
                }
                Duration delay = backoff.next();
                int attempt = backoff.attempts();
                if (attempt == 1 || attempt % 10 == 0) {
                    log.warn("{}: cannot reach broker {} ({}); retrying in {} ms (attempt {})", device,
                            settings.brokerUrl(), describe(e), delay.toMillis(), attempt);
                } else {
                    log.debug("{}: connect attempt {} to {} failed: {}", device, attempt, settings.brokerUrl(),
                            describe(e));
                }
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void connectOnce() throws MqttException, InterruptedException {
        long startGeneration;
        stateLock.lock();
        try {
            startGeneration = generation;
        } finally {
            stateLock.unlock();
        }
        long now = clock.getAsLong();
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSessionExpiryInterval(0L);
        options.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        options.setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
        options.setAutomaticReconnect(false);
        options.setSocketFactory(socketFactory());
        // Paho's default too; spelled out because TLS without the host check would trust any console CA certificate.
        options.setHttpsHostnameVerificationEnabled(true);
        // The user name is the device id (the broker checks it against the client id); the password comes with
        // adoption. A broker without access control ignores both.
        options.setUserName(device.value());
        java.util.Optional<String> sending = password.forConnect();
        sending.ifPresent(p -> options.setPassword(p.getBytes(StandardCharsets.UTF_8)));
        MqttProperties willProperties = QosOnePublisher.payloadProperties();
        willProperties.setWillDelayInterval(0L);
        options.setWill(Topics.status(device),
                new MqttMessage(codec.encode(new DeviceStatus(Presence.OFFLINE, now)), 1, true, null));
        options.setWillMessageProperties(willProperties);

        long timeoutMs = settings.connectTimeout().toMillis() + 1000;
        IMqttToken token = client.connect(options);
        token.waitForCompletion(timeoutMs);
        int limit = settings.inFlightWindow();
        MqttProperties response = token.getResponseProperties();
        if (response != null && response.getReceiveMaximum() != null) {
            limit = Math.min(limit, Math.max(1, response.getReceiveMaximum() - CONTROL_RESERVE));
        }
        listener.established(limit, timeoutMs);

        stateLock.lock();
        try {
            if (generation != startGeneration || !client.isConnected()) {
                throw new MqttException(MqttClientException.REASON_CODE_CONNECTION_LOST);
            }
            connected = true;
            connectedWith = sending;
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
        log.info("{}: online at {} (in-flight window {})", device, settings.brokerUrl(), limit);
        listener.online();
    }

    /**
     * Plain sockets for {@code tcp://}; for {@code ssl://} TLS sockets trusting only the CA file, read again at every
     * attempt so a CA the device was given at adoption applies without a restart. Both set TCP_NODELAY and are tracked
     * for {@link #sever()}.
     */
    private SocketFactory socketFactory() throws MqttException {
        if (!settings.tls()) {
            return sockets;
        }
        if (settings.caFile().isEmpty()) {
            throw new MqttException(MqttClientException.REASON_CODE_SSL_CONFIG_ERROR, new IllegalStateException(
                    "an ssl:// broker needs the console's CA certificate (broker.ca-file, --broker-ca)"));
        }
        try {
            return new NoDelaySslSocketFactory(CaTrust.context(settings.caFile().get()).getSocketFactory(), sockets);
        } catch (CaFileException e) {
            throw new MqttException(MqttClientException.REASON_CODE_SSL_CONFIG_ERROR, e);
        }
    }

    private void awaitDisconnected() throws InterruptedException {
        stateLock.lockInterruptibly();
        try {
            while (connected && !closing) {
                stateChanged.await();
            }
        } finally {
            stateLock.unlock();
        }
    }

    /** Paho reported the connection gone; {@code why} says how, for the log. */
    void lost(String why) {
        boolean wasConnected;
        stateLock.lock();
        try {
            generation++;
            wasConnected = connected;
            connected = false;
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
        listener.lost();
        if (wasConnected && !closing) {
            log.warn("{}: lost connection to {} ({}); reconnecting", device, settings.brokerUrl(), why);
        }
    }

    void forceDisconnectQuietly() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000, false);
            }
        } catch (MqttException e) {
            log.debug("{}: forced disconnect: {}", device, e.toString());
        }
    }

    /** Stops reconnecting and waits for the connector thread to end, at most until {@code deadline}. */
    void stop(long deadline) {
        closing = true;
        interruptAndJoin(connector, deadline);
    }

    /** Cuts the sockets and the client without DISCONNECT, as a power cut would: the broker publishes the will. */
    void sever() {
        sockets.severAll();
        forceDisconnectQuietly();
    }

    /** Marks the session offline for good, waking anything that still waits on the state. */
    void released() {
        stateLock.lock();
        try {
            connected = false;
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
    }
}
