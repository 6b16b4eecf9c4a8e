package io.fleetdeck.console.mqtt;

import io.fleetdeck.common.mqtt.ClientShutdown;
import io.fleetdeck.common.mqtt.NoDelaySocketFactory;
import io.fleetdeck.common.mqtt.NoDelaySslSocketFactory;
import io.fleetdeck.common.tls.CaFileException;
import io.fleetdeck.common.tls.CaTrust;
import io.fleetdeck.model.MessageEnvelope;
import io.fleetdeck.model.Topics;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The console's MQTT v5 session: subscribes to every device's info, status, telemetry and events and hands each
 * message to a sink on Paho's callback thread. Retries the first connection with backoff (Paho only reconnects
 * after a first success) and re-subscribes after every reconnect, in case the broker lost the session.
 *
 * <p>The same client carries the console's device commands ({@link MqttDeviceCommands}): their response topic is
 * subscribed with the fleet's filters, and messages on it go to the command router instead of the sink, so the
 * console holds one connection and one client id for them.
 *
 * <p>The console window's telemetry does not come here: the embedded broker hands it over itself
 * ({@code TelemetryIntake}), and from an external broker it comes on a {@link TelemetrySession} of its own.
 */
public final class FleetSubscriber implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetSubscriber.class);
    /** What the console window follows: every device, every kind. */
    public static final List<String> FLEET_FILTERS = List.of(Topics.ALL_INFO, Topics.ALL_STATUS,
            Topics.ALL_TELEMETRY, Topics.ALL_EVENTS, Topics.ALL_INSTALLS, Topics.ALL_GPIO);

    static final long SESSION_EXPIRY_SECONDS = 86_400;
    /**
     * QoS 1 messages the broker may have sent without our PUBACK. Acknowledging only after the history commit makes
     * this the console's backpressure: a slow disk stops the broker's sending here, and the broker queues (or the
     * devices keep) the rest, instead of the console dropping readings it already acknowledged. 1,024 batches cover
     * a commit of ~50 ms at 20,000 batches/s and bound what waits in memory (~100,000 readings at 100 a batch).
     */
    public static final int RECEIVE_MAXIMUM = 1_024;

    private final String broker;
    private final List<String> filters;
    private final boolean keepSession;
    private final MessageSink sink;
    private final Clock clock;
    private final MqttAsyncClient client;
    private final ScheduledExecutorService retry;
    private final AtomicReference<ConnectionStatus> status = new AtomicReference<>();
    private volatile boolean closed;
    private volatile boolean subscribed;
    private volatile String responseTopic;
    private volatile Consumer<MqttMessage> responses;
    private volatile Predicate<MessageEnvelope> installGate = message -> true;
    private volatile Path caFile;
    private volatile List<String> dropped = List.of();
    private int attempt;

    /** Counts connections: a PUBACK owed to a message of an earlier connection must not be sent on this one. */
    private final AtomicLong connection = new AtomicLong();
    private final AtomicLong staleAcks = new AtomicLong();

    private volatile String user;
    private volatile String password;

    /** The console window's session: every device's topics, a session the broker keeps for a day. */
    public FleetSubscriber(String broker, String clientId, BiConsumer<String, byte[]> sink, Clock clock) {
        this(broker, clientId, FLEET_FILTERS, true, sink, clock);
    }

    /** The console window's session, with a sink that acknowledges messages itself (see {@link MessageSink}). */
    public FleetSubscriber(String broker, String clientId, MessageSink sink, Clock clock) {
        this(broker, clientId, FLEET_FILTERS, true, sink, clock);
    }

    /**
     * A session following only {@code filters}. {@code keepSession} false is for short-lived clients (the deploy
     * command): a clean start, and nothing left queued on the broker once they are gone.
     */
    public FleetSubscriber(String broker, String clientId, List<String> filters, boolean keepSession,
                           BiConsumer<String, byte[]> sink, Clock clock) {
        this(broker, clientId, filters, keepSession, (topic, payload, acknowledge) -> {
            sink.accept(topic, payload);
            acknowledge.run();
        }, clock);
    }

    /** As above, with a sink that acknowledges messages itself (see {@link MessageSink}). */
    public FleetSubscriber(String broker, String clientId, List<String> filters, boolean keepSession,
                           MessageSink sink, Clock clock) {
        this.broker = broker;
        this.filters = List.copyOf(filters);
        this.keepSession = keepSession;
        this.sink = sink;
        this.clock = clock;
        try {
            this.client = new MqttAsyncClient(broker, clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new BrokerConnectionException(broker, e.getReasonCode(), "invalid broker address", e);
        }
        this.retry = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mqtt-connect");
            thread.setDaemon(true);
            return thread;
        });
        client.setCallback(new Callback());
        client.setManualAcks(true);
        setStatus(ConnectionStatus.State.CONNECTING, "");
    }

    /**
     * The user name and password to connect with (the console role's, see
     * {@code io.fleetdeck.console.broker.auth.BrokerAccounts}); call before {@link #start()}. A broker without access
     * control ignores them.
     */
    public FleetSubscriber withCredentials(String user, String password) {
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
        return this;
    }

    /**
     * For an {@code ssl://} broker: trust only the CA certificate(s) in {@code file} (PEM), not the JDK's public CAs;
     * read at every connection attempt. Call before {@link #start()}. Without it an {@code ssl://} broker must present
     * a certificate from a public CA.
     */
    public void trustOnly(Path file) {
        caFile = file;
    }

    /** Starts connecting in the background; watch {@link #status()}. */
    public void start() {
        retry.execute(this::connect);
    }

    public ConnectionStatus status() {
        return status.get();
    }

    private void connect() {
        if (closed) {
            return;
        }
        MqttConnectionOptions options = new MqttConnectionOptions();
        // A kept session: an external broker queues QoS 1 telemetry while the console is closed or restarting, so
        // history has no hole. A day bounds what a console that never returns leaves on the broker.
        options.setCleanStart(!keepSession);
        options.setSessionExpiryInterval(keepSession ? SESSION_EXPIRY_SECONDS : 0L);
        options.setKeepAliveInterval(10);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 15);
        options.setConnectionTimeout(5);
        options.setReceiveMaximum(RECEIVE_MAXIMUM);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        try {
            options.setSocketFactory(sockets());
            options.setHttpsHostnameVerificationEnabled(true);
            client.connect(options).waitForCompletion(10_000);
            attempt = 0;
        } catch (MqttException | CaFileException e) {
            long delay = ReconnectDelay.afterFailures(attempt++);
            String cause = e instanceof MqttException mqtt ? describe(mqtt) : e.getMessage();
            setStatus(ConnectionStatus.State.DISCONNECTED, cause + "; retrying in " + delay / 1000.0 + " s");
            LOG.warn("Cannot connect to broker {}: {}; retrying in {} ms", broker, cause, delay);
            if (!closed) {
                retry.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    public String broker() {
        return broker;
    }

    /**
     * PUBACKs not sent because the message came on a connection that has since dropped: the broker redelivers those
     * messages on the new connection and the history ignores what it already has.
     */
    public long staleAcknowledgements() {
        return staleAcks.get();
    }

    /** TCP_NODELAY sockets; TLS ones for {@code ssl://}, trusting the {@link #trustOnly} CA when given. */
    private SocketFactory sockets() {
        NoDelaySocketFactory plain = new NoDelaySocketFactory(true);
        if (!broker.startsWith("ssl://")) {
            return plain;
        }
        Path ca = caFile;
        SSLSocketFactory tls = ca != null ? CaTrust.context(ca).getSocketFactory()
                : (SSLSocketFactory) SSLSocketFactory.getDefault();
        return new NoDelaySslSocketFactory(tls, plain);
    }

    /**
     * True once the broker granted every subscription of the current connection, response topic included: from then
     * on retained messages are on their way and command answers can arrive.
     */
    public boolean subscribed() {
        return subscribed;
    }

    /**
     * Sends messages arriving on {@code topic} to {@code handler} (on Paho's callback thread) instead of the sink,
     * and subscribes to it now and after every reconnect.
     */
    void routeResponses(String topic, Consumer<MqttMessage> handler) {
        responses = handler;
        responseTopic = topic;
        if (client.isConnected()) {
            subscribe();
        }
    }

    /**
     * Hands install reports to the sink only when {@code gate} lets them through (it sees topic, payload and user
     * properties, i.e. the device's signature); call before {@link #start()}.
     */
    public void checkInstallReports(Predicate<MessageEnvelope> gate) {
        installGate = Objects.requireNonNull(gate, "gate");
    }

    /**
     * Filters this session no longer follows but an earlier console may have left in the session the broker keeps
     * (telemetry, which now has its own {@link TelemetrySession}): unsubscribed after every connect, before the
     * subscribe, so the broker does not go on sending them here too. Call before {@link #start()}.
     */
    public void unsubscribeLeftovers(List<String> filters) {
        dropped = List.copyOf(filters);
    }

    /** Publishes on this session's client; fails at once when it is not connected. */
    IMqttToken publish(String topic, MqttMessage message) throws MqttException {
        return client.publish(topic, message);
    }

    private void unsubscribeDropped() {
        List<String> leftovers = dropped;
        if (leftovers.isEmpty() || !keepSession) {
            return;
        }
        try {
            // "No subscription existed" is the usual answer and fine; only a failure to send is worth a word.
            client.unsubscribe(leftovers.toArray(String[]::new), null, null, new MqttProperties());
        } catch (MqttException e) {
            LOG.warn("Unsubscribing {} at {} failed: {}", leftovers, broker, describe(e));
        }
    }

    private void subscribe() {
        List<String> all = new ArrayList<>(filters);
        String responsesTo = responseTopic;
        if (responsesTo != null) {
            all.add(responsesTo);
        }
        String[] topics = all.toArray(String[]::new);
        MqttSubscription[] subscriptions = new MqttSubscription[topics.length];
        for (int i = 0; i < topics.length; i++) {
            subscriptions[i] = new MqttSubscription(topics[i], 1);
        }
        try {
            client.subscribe(subscriptions, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    for (int i = 0; codes != null && i < codes.length; i++) {
                        if (codes[i] >= 0x80) {
                            refused(topics[Math.min(i, topics.length - 1)], codes[i]);
                            return;
                        }
                    }
                    subscribed = true;
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    setStatus(ConnectionStatus.State.DISCONNECTED, "subscribe failed: " + failure.getMessage());
                    LOG.error("Subscribing at {} failed: {}", broker, failure.getMessage());
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            setStatus(ConnectionStatus.State.DISCONNECTED, "subscribe failed: " + describe(e));
            LOG.error("Subscribing at {} failed", broker, e);
        }
    }

    /** A broker that accepts the connection but refuses a subscription (ACLs): connected, yet blind. */
    private void refused(String filter, int reasonCode) {
        String detail = String.format("broker refused the subscription to %s (reason 0x%02x)", filter, reasonCode);
        setStatus(ConnectionStatus.State.DISCONNECTED, detail);
        LOG.error("{}: {}; check the broker's ACL for this console", broker, detail);
    }

    private void setStatus(ConnectionStatus.State state, String detail) {
        status.set(new ConnectionStatus(state, broker, detail, clock.millis()));
    }

    private static String describe(MqttException e) {
        Throwable cause = e.getCause();
        String message = e.getMessage();
        if (cause != null && cause.getMessage() != null) {
            message = message + ": " + cause.getMessage();
        }
        return message;
    }

    @Override
    public void close() {
        closed = true;
        retry.shutdownNow();
        // Keep the session: the broker queues what arrives until this console id connects again.
        ClientShutdown.disconnectAndClose(client, 2_000);
        setStatus(ConnectionStatus.State.CLOSED, "");
    }

    private static MessageEnvelope envelope(String topic, MqttMessage message) {
        List<Map.Entry<String, String>> properties = new ArrayList<>();
        MqttProperties p = message.getProperties();
        if (p != null && p.getUserProperties() != null) {
            p.getUserProperties().forEach(u -> properties.add(new SimpleImmutableEntry<>(u.getKey(), u.getValue())));
        }
        return new MessageEnvelope(topic, message.getPayload(), properties);
    }

    private final class Callback implements MqttCallback {
        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            LOG.info("{} broker {}", reconnect ? "Reconnected to" : "Connected to", serverURI);
            setStatus(ConnectionStatus.State.CONNECTED, "");
            unsubscribeDropped();
            subscribe();
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            String cause = response.getException() != null ? describe(response.getException())
                    : "reason " + response.getReturnCode();
            subscribed = false;
            // Messages of the lost connection still waiting for their commit must not be acknowledged on the next.
            connection.incrementAndGet();
            if (!closed) {
                LOG.warn("Lost broker {}: {}", broker, cause);
                setStatus(ConnectionStatus.State.DISCONNECTED, cause + "; reconnecting");
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Runnable acknowledge = acknowledgement(message);
            Consumer<MqttMessage> router = responses;
            if (router != null && topic.equals(responseTopic)) {
                router.accept(message);
                acknowledge.run();
                return;
            }
            if (topic.endsWith("/install") && !installGate.test(envelope(topic, message))) {
                acknowledge.run();
                return;
            }
            try {
                sink.accept(topic, message.getPayload(), acknowledge);
            } catch (RuntimeException e) {
                // A sink bug must not leave the message unacknowledged forever: it would hold a receive slot and be
                // redelivered to the same bug after every reconnect.
                LOG.error("Handling a message on {} failed", topic, e);
                acknowledge.run();
            }
        }

        /** The message's PUBACK, sent at most once and only on the connection it came on; QoS 0 needs none. */
        private Runnable acknowledgement(MqttMessage message) {
            int qos = message.getQos();
            if (qos == 0) {
                return () -> {
                };
            }
            int id = message.getId();
            long arrivedOn = connection.get();
            AtomicBoolean sent = new AtomicBoolean();
            return () -> {
                if (!sent.compareAndSet(false, true)) {
                    return;
                }
                if (connection.get() != arrivedOn || !client.isConnected()) {
                    staleAcks.incrementAndGet();
                    return;
                }
                try {
                    client.messageArrivedComplete(id, qos);
                } catch (MqttException e) {
                    // The connection dropped meanwhile: the broker redelivers the message.
                    staleAcks.incrementAndGet();
                    LOG.debug("PUBACK of message {} not sent: {}", id, describe(e));
                }
            };
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("MQTT error at {}: {}", broker, describe(exception));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
