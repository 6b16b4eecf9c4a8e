package io.fleetdeck.console.mqtt;

import io.fleetdeck.common.tls.CaFileException;
import io.fleetdeck.common.tls.CaTrust;
import io.fleetdeck.model.Payloads;
import io.fleetdeck.model.Topics;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The console's telemetry subscription on a connection of its own, read with Netty's MQTT 5 codec instead of Paho:
 * Paho copied every payload a byte at a time through a synchronized stream, handed each message to its callback
 * thread through a 10-slot wait/notify queue and sent PUBACKs contended on its state lock, about 44 % of the console's
 * CPU at saturation (docs/benchmarks.md, issue #10). Everything else stays on {@link FleetSubscriber}.
 *
 * <p>Same contract as {@link FleetSubscriber}: a kept session ({@link FleetSubscriber#SESSION_EXPIRY_SECONDS}) when
 * asked, receive maximum {@link FleetSubscriber#RECEIVE_MAXIMUM}, the PUBACK only when the sink runs the message's
 * acknowledgement (after the history commit) and only on the connection the message came on, reconnection with
 * backoff and a fresh SUBSCRIBE after each, TLS trusting only a given CA, and a {@link ConnectionStatus}.
 *
 * <p>The sink runs on the connection's event loop thread: it must not block (the console's ingest decodes and queues
 * for the history writer, which acknowledges later). Backpressure is the receive maximum: with that many messages
 * unacknowledged the broker sends no more, so nothing piles up here.
 */
public final class TelemetrySession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TelemetrySession.class);
    /** Appended to the console session's client id: the broker sees two clients of the console role. */
    public static final String CLIENT_ID_SUFFIX = "-telemetry";
    static final int KEEP_ALIVE_SECONDS = 10;
    /**
     * The largest packet the broker may send this session (announced in CONNECT) and the decoder takes: the largest
     * payload the console decodes plus room for the topic and properties.
     */
    static final int MAX_PACKET_BYTES = Payloads.MAX_PAYLOAD_BYTES + 64 * 1024;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int CONNACK_TIMEOUT_MS = 10_000;
    private static final int SUBSCRIBE_PACKET_ID = 1;

    private final String broker;
    private final BrokerAddress address;
    private final String clientId;
    private final String filter;
    private final boolean keepSession;
    private final MessageSink sink;
    private final Clock clock;
    private final EventLoopGroup group;
    private final AtomicReference<ConnectionStatus> status = new AtomicReference<>();
    private final AtomicLong staleAcks = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean subscribed;
    private volatile Channel channel;
    private volatile String user;
    private volatile String password;
    private volatile Path caFile;
    private volatile int keepAlive = KEEP_ALIVE_SECONDS;
    /** Failed attempts since the last CONNACK; only the event loop touches it. */
    private int attempt;

    /** The console's telemetry, {@link Topics#ALL_TELEMETRY} at QoS 1, under {@code clientId}. */
    public TelemetrySession(String broker, String clientId, boolean keepSession, MessageSink sink, Clock clock) {
        this(broker, clientId, Topics.ALL_TELEMETRY, keepSession, sink, clock);
    }

    TelemetrySession(String broker, String clientId, String filter, boolean keepSession, MessageSink sink,
                     Clock clock) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.address = BrokerAddress.parse(broker);
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.filter = Objects.requireNonNull(filter, "filter");
        this.keepSession = keepSession;
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("mqtt-telemetry", true));
        setStatus(ConnectionStatus.State.CONNECTING, "");
    }

    /**
     * Whether this session can reach {@code brokerUrl}: {@code tcp://} and {@code ssl://} (Paho also speaks WebSocket,
     * which stays with {@link FleetSubscriber}, telemetry included).
     */
    public static boolean supports(String brokerUrl) {
        try {
            BrokerAddress.parse(brokerUrl);
            return true;
        } catch (BrokerConnectionException e) {
            return false;
        }
    }

    /** The client id of the telemetry session beside the console session {@code sessionClientId}. */
    public static String clientIdFor(String sessionClientId) {
        return sessionClientId + CLIENT_ID_SUFFIX;
    }

    /** As {@link FleetSubscriber#withCredentials}; call before {@link #start()}. */
    public TelemetrySession withCredentials(String user, String password) {
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
        return this;
    }

    /** As {@link FleetSubscriber#trustOnly}: for {@code ssl://}, trust only the CA(s) in {@code file}. */
    public void trustOnly(Path file) {
        caFile = file;
    }

    /** A shorter keep-alive than {@link #KEEP_ALIVE_SECONDS}, for tests; call before {@link #start()}. */
    TelemetrySession keepAlive(int seconds) {
        keepAlive = seconds;
        return this;
    }

    /** Starts connecting in the background; watch {@link #status()}. */
    public void start() {
        group.execute(this::connect);
    }

    public ConnectionStatus status() {
        return status.get();
    }

    public String broker() {
        return broker;
    }

    /** True once the broker granted the subscription on the current connection. */
    public boolean subscribed() {
        return subscribed;
    }

    /** Acknowledgements not sent because their connection had dropped (the broker redelivers those messages). */
    public long staleAcknowledgements() {
        return staleAcks.get();
    }

    private void connect() {
        if (closed) {
            return;
        }
        SslHandler tls;
        try {
            tls = address.tls() ? tls() : null;
        } catch (CaFileException e) {
            retryLater(e.getMessage());
            return;
        }
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel socket) {
                        if (tls != null) {
                            socket.pipeline().addLast("tls", tls);
                        }
                        socket.pipeline().addLast("decoder", new MqttDecoder(MAX_PACKET_BYTES))
                                .addLast("encoder", MqttEncoder.INSTANCE)
                                .addLast("idle", idleHandler(keepAlive))
                                .addLast("session", new Connection());
                    }
                });
        bootstrap.connect(address.host(), address.port()).addListener((ChannelFuture connected) -> {
            if (!connected.isSuccess()) {
                retryLater(describe(connected.cause()));
            }
        });
    }

    /** A TLS client checking the broker's certificate and host name against the configured CA (or the JDK's). */
    private SslHandler tls() {
        Path ca = caFile;
        SSLContext context;
        try {
            context = ca != null ? CaTrust.context(ca) : SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
        SSLEngine engine = context.createSSLEngine(address.host(), address.port());
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return new SslHandler(engine);
    }

    private static IdleStateHandler idleHandler(int keepAliveSeconds) {
        return new IdleStateHandler(keepAliveSeconds, keepAliveSeconds, 0, TimeUnit.SECONDS);
    }

    /** On the event loop, after a failed attempt or a lost connection: the same backoff as {@link FleetSubscriber}. */
    private void retryLater(String cause) {
        subscribed = false;
        if (closed) {
            return;
        }
        long delay = ReconnectDelay.afterFailures(attempt++);
        setStatus(ConnectionStatus.State.DISCONNECTED, cause + "; retrying in " + delay / 1000.0 + " s");
        LOG.warn("Telemetry session {} at {}: {}; retrying in {} ms", clientId, broker, cause, delay);
        try {
            group.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closed meanwhile.
        }
    }

    private MqttMessage connectMessage() {
        MqttProperties properties = new MqttProperties();
        // A kept session: an external broker queues QoS 1 telemetry while the console is away, so history has no hole.
        properties.add(new IntegerProperty(MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(),
                keepSession ? (int) FleetSubscriber.SESSION_EXPIRY_SECONDS : 0));
        properties.add(new IntegerProperty(MqttPropertyType.RECEIVE_MAXIMUM.value(), FleetSubscriber.RECEIVE_MAXIMUM));
        properties.add(new IntegerProperty(MqttPropertyType.MAXIMUM_PACKET_SIZE.value(), MAX_PACKET_BYTES));
        MqttMessageBuilders.ConnectBuilder connect = MqttMessageBuilders.connect()
                .protocolVersion(MqttVersion.MQTT_5)
                .clientId(clientId)
                .cleanSession(!keepSession)
                .keepAlive(keepAlive)
                .properties(properties);
        String name = user;
        if (name != null) {
            connect.hasUser(true).username(name).hasPassword(true)
                    .password(password.getBytes(StandardCharsets.UTF_8));
        }
        return connect.build();
    }

    private void setStatus(ConnectionStatus.State state, String detail) {
        status.set(new ConnectionStatus(state, broker, detail, clock.millis()));
    }

    /** The failure worth showing: Netty wraps TLS failures in a decoder exception. */
    private static String describe(Throwable failure) {
        Throwable shown = failure;
        while (shown instanceof DecoderException && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String message = shown.getMessage();
        return shown.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Sends DISCONNECT (the broker keeps the session), closes the connection and stops the event loop. */
    @Override
    public void close() {
        closed = true;
        Channel current = channel;
        if (current != null && current.isActive()) {
            current.writeAndFlush(MqttMessageBuilders.disconnect().reasonCode((byte) 0).build())
                    .addListener(ChannelFutureListener.CLOSE);
            current.closeFuture().awaitUninterruptibly(2_000);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
        subscribed = false;
        setStatus(ConnectionStatus.State.CLOSED, "");
    }

    /** One TCP (or TLS) connection's protocol, on its event loop: CONNECT, SUBSCRIBE, PUBLISH in, keep-alive. */
    private final class Connection extends ChannelInboundHandlerAdapter {
        private PubAcks acks;
        private ScheduledFuture<?> connAckTimeout;
        private boolean connected;
        private boolean pingOutstanding;
        private long pingSentNanos;
        private int keepAliveSeconds = keepAlive;
        /** Why the connection is about to close, for the status; null until something went wrong. */
        private String failure;

        @Override
        public void channelActive(ChannelHandlerContext context) {
            channel = context.channel();
            acks = new PubAcks(context.channel(), staleAcks);
            if (closed) {
                context.close();
                return;
            }
            context.writeAndFlush(connectMessage());
            connAckTimeout = context.executor().schedule(() -> {
                failure = "no CONNACK within " + CONNACK_TIMEOUT_MS / 1000 + " s";
                context.close();
            }, CONNACK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            pingOutstanding = false;
            try {
                MqttMessage packet = (MqttMessage) message;
                if (packet.decoderResult().isFailure()) {
                    protocolError(context, "malformed packet from the broker: "
                            + describe(packet.decoderResult().cause()));
                    return;
                }
                switch (packet.fixedHeader().messageType()) {
                    case PUBLISH -> publish(context, (MqttPublishMessage) packet);
                    case CONNACK -> connAck(context, (MqttConnAckMessage) packet);
                    case SUBACK -> subAck((MqttSubAckMessage) packet);
                    case DISCONNECT -> disconnectedByBroker(context, packet);
                    case PINGRESP -> {
                        // Any packet proves the connection alive; nothing else to do.
                    }
                    default -> LOG.debug("Telemetry session {} ignores {}", clientId,
                            packet.fixedHeader().messageType());
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }

        private void connAck(ChannelHandlerContext context, MqttConnAckMessage connAck) {
            connAckTimeout.cancel(false);
            MqttConnectReturnCode code = connAck.variableHeader().connectReturnCode();
            if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                failure = String.format("broker refused the connection: %s (reason 0x%02x)%s", words(code),
                        code.byteValue() & 0xff, reasonString(connAck.variableHeader().properties()));
                context.close();
                return;
            }
            connected = true;
            attempt = 0;
            MqttProperties.MqttProperty<?> serverKeepAlive = connAck.variableHeader().properties()
                    .getProperty(MqttPropertyType.SERVER_KEEP_ALIVE.value());
            if (serverKeepAlive != null && serverKeepAlive.value() instanceof Integer seconds
                    && seconds != keepAliveSeconds) {
                // The broker's keep-alive overrides ours (MQTT 5); 0 means none.
                keepAliveSeconds = seconds;
                if (seconds == 0) {
                    context.pipeline().remove("idle");
                } else {
                    context.pipeline().replace("idle", "idle", idleHandler(seconds));
                }
            }
            LOG.info("Telemetry session {} connected to {} (session present: {})", clientId, broker,
                    connAck.variableHeader().isSessionPresent());
            setStatus(ConnectionStatus.State.CONNECTED, "");
            // Every time: the broker may have lost the session (a restart without persistence).
            context.writeAndFlush(MqttMessageBuilders.subscribe()
                    .messageId(SUBSCRIBE_PACKET_ID)
                    .addSubscription(filter, MqttSubscriptionOption.onlyFromQos(MqttQoS.AT_LEAST_ONCE))
                    .build());
        }

        private void subAck(MqttSubAckMessage subAck) {
            List<Integer> codes = subAck.payload().reasonCodes();
            for (int code : codes) {
                if (code >= 0x80) {
                    // Connected, yet blind: shown as FleetSubscriber shows it.
                    String detail = String.format("broker refused the subscription to %s (reason 0x%02x)", filter,
                            code);
                    setStatus(ConnectionStatus.State.DISCONNECTED, detail);
                    LOG.error("{}: {}; check the broker's ACL for this console", broker, detail);
                    return;
                }
            }
            subscribed = true;
        }

        private void publish(ChannelHandlerContext context, MqttPublishMessage publish) {
            String topic = publish.variableHeader().topicName();
            byte[] payload = ByteBufUtil.getBytes(publish.content());
            Runnable acknowledge = switch (publish.fixedHeader().qosLevel()) {
                case AT_MOST_ONCE -> () -> {
                };
                case AT_LEAST_ONCE -> acks.forPacket(publish.variableHeader().packetId());
                default -> null;
            };
            if (acknowledge == null) {
                protocolError(context, "QoS 2 PUBLISH on a QoS 1 subscription (" + topic + ")");
                return;
            }
            try {
                sink.accept(topic, payload, acknowledge);
            } catch (RuntimeException e) {
                // A sink bug must not hold a receive slot forever and meet the message again after every reconnect.
                LOG.error("Handling a message on {} failed", topic, e);
                acknowledge.run();
            }
        }

        private void disconnectedByBroker(ChannelHandlerContext context, MqttMessage packet) {
            if (packet.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader header) {
                failure = String.format("broker disconnected (reason 0x%02x)%s", header.reasonCode() & 0xff,
                        reasonString(header.properties()));
            } else {
                failure = "broker disconnected";
            }
            context.close();
        }

        private void protocolError(ChannelHandlerContext context, String what) {
            failure = what;
            LOG.warn("Telemetry session {} at {}: {}", clientId, broker, what);
            context.close();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
            if (!(event instanceof IdleStateEvent idle)) {
                super.userEventTriggered(context, event);
                return;
            }
            if (!connected) {
                return;
            }
            // Nothing read for a keep-alive although a PINGREQ has been out that long: the broker (or the path to it)
            // is gone. A busy writer alone proves nothing: PUBACKs of old messages can flow while the broker is dead.
            if (pingOutstanding) {
                if (idle.state() == IdleState.READER_IDLE
                        && System.nanoTime() - pingSentNanos >= TimeUnit.SECONDS.toNanos(keepAliveSeconds)) {
                    failure = "no answer from the broker to PINGREQ within " + keepAliveSeconds + " s";
                    context.close();
                }
                return;
            }
            pingOutstanding = true;
            pingSentNanos = System.nanoTime();
            context.writeAndFlush(MqttMessage.PINGREQ);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            if (failure == null) {
                failure = describe(cause);
            }
            LOG.debug("Telemetry session {} at {} failed", clientId, broker, cause);
            context.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            if (connAckTimeout != null) {
                connAckTimeout.cancel(false);
            }
            if (channel == context.channel()) {
                subscribed = false;
            }
            retryLater(failure != null ? failure : connected ? "connection lost" : "connection closed by the broker");
        }
    }

    private static String words(MqttConnectReturnCode code) {
        return code.name().replace("CONNECTION_REFUSED_", "").replaceFirst("_5$", "").replace('_', ' ')
                .toLowerCase(Locale.ROOT);
    }

    private static String reasonString(MqttProperties properties) {
        MqttProperties.MqttProperty<?> reason = properties == null ? null
                : properties.getProperty(MqttPropertyType.REASON_STRING.value());
        return reason == null ? "" : ": " + reason.value();
    }
}
