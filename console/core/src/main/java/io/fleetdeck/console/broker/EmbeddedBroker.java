package io.fleetdeck.console.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;
import io.fleetdeck.console.broker.auth.AccessControl;
import io.fleetdeck.console.broker.auth.AccessLog;
import io.fleetdeck.console.broker.auth.BrokerAccounts;
import io.fleetdeck.console.tls.ConsoleTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The console's MQTT v5 broker: HiveMQ CE embedded in the console's JVM, configured from {@link BrokerSettings}.
 * Devices and the console's own client connect to {@link #endpoint()}.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
    /** A port picked free can be taken by someone else before HiveMQ binds it; a few tries make that harmless. */
    private static final int FREE_PORT_ATTEMPTS = 3;
    private static final long STOP_TIMEOUT_SECONDS = 10;

    private final EmbeddedHiveMQ hiveMq;
    private final String bindAddress;
    private final int port;
    private final int tlsPort;
    private final BrokerEndpoint endpoint;
    private final BrokerEndpoint localEndpoint;
    private boolean closed;

    /** {@code plain} is the plain listener's address: the bind address, or loopback when TLS is on. */
    private EmbeddedBroker(EmbeddedHiveMQ hiveMq, String bindAddress, String plain, int port, int tlsPort) {
        this.hiveMq = hiveMq;
        this.bindAddress = bindAddress;
        this.port = port;
        this.tlsPort = tlsPort;
        this.localEndpoint = new BrokerEndpoint("tcp://" + host(plain) + ":" + port);
        this.endpoint = tlsPort == 0 ? localEndpoint : new BrokerEndpoint("ssl://" + host(bindAddress) + ":" + tlsPort);
    }

    private static String host(String address) {
        return address.contains(":") ? "[" + address + "]" : address;
    }

    /**
     * Writes the broker's configuration below {@link BrokerSettings#brokerDirectory()} and starts it; returns once it
     * accepts connections.
     *
     * @throws BrokerStartException when it cannot start, e.g. the port is taken; carries address and port
     */
    public static EmbeddedBroker start(BrokerSettings settings) {
        return start(settings, null, Optional.empty());
    }

    /**
     * Like {@link #start(BrokerSettings)}, but admitting only the console and devices in {@code accounts}, each to
     * its own topics (see {@link AccessControl}); refusals go to {@code refusals}.
     */
    public static EmbeddedBroker start(BrokerSettings settings, BrokerAccounts accounts, AccessLog refusals) {
        return start(settings, null, Optional.of(AccessControl.extension(accounts, refusals)));
    }

    /**
     * As {@link #start(BrokerSettings)}, with a TLS listener on the bind address when {@code tls} is not null; the
     * plain listener then listens on loopback only (see {@link BrokerTls}).
     */
    public static EmbeddedBroker start(BrokerSettings settings, BrokerTls tls) {
        return start(settings, tls, Optional.empty());
    }

    /** With TLS when {@code tls} is not null, and access control for {@code accounts}. */
    public static EmbeddedBroker start(BrokerSettings settings, BrokerTls tls, BrokerAccounts accounts,
                                       AccessLog refusals) {
        return start(settings, tls, Optional.of(AccessControl.extension(accounts, refusals)));
    }

    /**
     * The console's broker: TLS when {@code tls} is not null, access control for {@code accounts} when present, and
     * telemetry taken into the console's ingest by {@code intake} (PUBACK after commit) when present.
     */
    public static EmbeddedBroker start(BrokerSettings settings, BrokerTls tls, Optional<BrokerAccounts> accounts,
                                       AccessLog refusals, Optional<TelemetryIntake> intake) {
        List<ExtensionMain> parts = new ArrayList<>();
        accounts.ifPresent(a -> parts.add(AccessControl.main(a, refusals)));
        intake.ifPresent(i -> parts.add(new IntakeMain(i)));
        if (parts.isEmpty()) {
            return start(settings, tls, Optional.empty());
        }
        EmbeddedBroker broker = start(settings, tls, Optional.of(EmbeddedExtension.builder()
                .withId("fleetdeck-console")
                .withName("Fleetdeck console")
                .withVersion("1")
                .withPriority(1000)
                .withStartPriority(1000)
                .withExtensionMain(new CombinedMain(parts))
                .build()), accounts.isPresent());
        return broker;
    }

    private static EmbeddedBroker start(BrokerSettings settings, BrokerTls tls, Optional<EmbeddedExtension> access) {
        return start(settings, tls, access, access.isPresent());
    }

    private static EmbeddedBroker start(BrokerSettings settings, BrokerTls tls, Optional<EmbeddedExtension> access,
                                        boolean enforcing) {
        String address = literalAddress(settings);
        String plain = tls == null ? address : loopbackFor(address);
        if (settings.port() != 0 && (tls == null || tls.port() != 0)) {
            return startOn(settings, address, plain, settings.port(), tls, tls == null ? 0 : tls.port(), access,
                    enforcing);
        }
        BrokerStartException last = null;
        for (int attempt = 0; attempt < FREE_PORT_ATTEMPTS; attempt++) {
            int port = settings.port() != 0 ? settings.port() : freePort(plain);
            int tlsPort = tls == null ? 0 : tls.port() != 0 ? tls.port() : freePort(address);
            try {
                return startOn(settings, address, plain, port, tls, tlsPort, access, enforcing);
            } catch (BrokerStartException e) {
                last = e;
                log.debug("Free port {}/{} was taken before the broker bound it; trying another", port, tlsPort);
            }
        }
        throw last;
    }

    /** The loopback address of the family of {@code address}: where the plain listener goes when TLS is on. */
    private static String loopbackFor(String address) {
        return address.contains(":") && !address.equals("::") ? "::1" : "127.0.0.1";
    }

    private static EmbeddedBroker startOn(BrokerSettings settings, String address, String plain, int port,
                                          BrokerTls tls, int tlsPort, Optional<EmbeddedExtension> access,
                                          boolean enforcing) {
        HiveMqLogging.quieten();
        Path root = settings.brokerDirectory();
        try {
            HiveMqConfig.write(root.resolve("conf"), settings, plain, port,
                    tls == null ? null : tlsListener(root.resolve("tls"), tls, address, tlsPort));
            // No file-based extensions are used; an existing empty folder keeps HiveMQ from warning at each start.
            Files.createDirectories(root.resolve("extensions"));
        } catch (IOException e) {
            throw new BrokerStartException(address, port, "cannot write its configuration in " + root, e);
        }
        long started = System.nanoTime();
        EmbeddedHiveMQBuilder builder = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(root.resolve("conf"))
                .withDataFolder(root.resolve("data"))
                .withExtensionsFolder(root.resolve("extensions"))
                .withoutLoggingBootstrap();
        access.ifPresent(builder::withEmbeddedExtension);
        EmbeddedHiveMQ hiveMq = builder.build();
        try {
            hiveMq.start().get(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
            // HiveMQ falls back to defaults on some configuration problems; make sure it listens where we asked.
            requireListening(plain, port);
            if (tls != null) {
                requireListening(address, tlsPort);
            }
        } catch (ExecutionException e) {
            closeQuietly(hiveMq);
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new BrokerStartException(address, port, describe(cause), cause);
        } catch (TimeoutException | IOException e) {
            closeQuietly(hiveMq);
            throw new BrokerStartException(address, port, describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(hiveMq);
            throw new BrokerStartException(address, port, "interrupted while starting", e);
        }
        EmbeddedBroker broker = new EmbeddedBroker(hiveMq, address, plain, port, tlsPort);
        log.info("MQTT broker listening on {}{} (started in {} ms; {})", broker.endpoint.url(),
                tls == null ? "" : " and, for this machine only, " + broker.localEndpoint.url(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), enforcing
                        ? "console and adopted devices only, each to its own topics" : "open to any client");
        return broker;
    }

    /** Writes the key and trust stores HiveMQ reads at start, with passwords that live as long as this start. */
    private static HiveMqConfig.TlsListener tlsListener(Path directory, BrokerTls tls, String address, int port) {
        String keyPassword = ConsoleTls.randomPassword();
        String trustPassword = ConsoleTls.randomPassword();
        Path keyStore = directory.resolve("server.p12");
        Path trustStore = directory.resolve("ca.p12");
        ConsoleTls.write(tls.material().keyStore(keyPassword.toCharArray()), keyPassword.toCharArray(), keyStore);
        ConsoleTls.write(tls.material().trustStore(), trustPassword.toCharArray(), trustStore);
        return new HiveMqConfig.TlsListener(address, port, keyStore, keyPassword, trustStore, trustPassword);
    }

    /**
     * Where devices connect, with the actual port when the settings asked for port 0: {@code ssl://} on the bind
     * address when TLS is on, else {@code tcp://}.
     */
    public BrokerEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Where clients on this machine connect: the plain listener, which is on loopback when TLS is on (and equals
     * {@link #endpoint()} when it is off).
     */
    public BrokerEndpoint localEndpoint() {
        return localEndpoint;
    }

    /** The plain listener's port. */
    public int port() {
        return port;
    }

    /** The TLS listener's port; empty when TLS is off. */
    public OptionalInt tlsPort() {
        return tlsPort == 0 ? OptionalInt.empty() : OptionalInt.of(tlsPort);
    }

    public String bindAddress() {
        return bindAddress;
    }

    /** Stops the broker; connected clients see their connection drop. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        try {
            hiveMq.stop().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("MQTT broker on {} did not stop cleanly: {}", endpoint.url(), describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(hiveMq);
            log.info("MQTT broker on {} stopped in {} ms", endpoint.url(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }

    /** The bind address as an IP literal; host names are refused so the listener never lands somewhere unexpected. */
    private static String literalAddress(BrokerSettings settings) {
        String text = settings.bindAddress();
        boolean looksLiteral = text.matches("[0-9.]+") || text.contains(":");
        try {
            if (!looksLiteral) {
                throw new UnknownHostException("not an IP address");
            }
            InetAddress address = InetAddress.getByName(text);
            return address instanceof Inet6Address ? address.getHostAddress().replaceAll("%.*$", "")
                    : address.getHostAddress();
        } catch (UnknownHostException e) {
            throw new BrokerStartException(text, settings.port(), "bind address must be an IP address", e);
        }
    }

    private static int freePort(String address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0), 1);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new BrokerStartException(address, 0, "cannot find a free port: " + e.getMessage(), e);
        }
    }

    private static void requireListening(String address, int port) throws IOException {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(InetAddress.getByName(address), port), 2_000);
        } catch (IOException e) {
            throw new IOException("HiveMQ started but nothing listens on " + address + ":" + port, e);
        }
    }

    private static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return "address already in use or not available (" + t.getMessage() + ")";
            }
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static void closeQuietly(EmbeddedHiveMQ hiveMq) {
        try {
            hiveMq.close();
        } catch (ExecutionException e) {
            log.debug("Closing HiveMQ failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the telemetry intake inside the broker's extension. */
    private record IntakeMain(TelemetryIntake intake) implements ExtensionMain {
        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
            intake.register();
        }

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        }
    }

    /** An embedded HiveMQ takes one embedded extension: this one starts the console's parts in order. */
    private record CombinedMain(List<ExtensionMain> parts) implements ExtensionMain {
        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
            for (ExtensionMain part : parts) {
                part.extensionStart(input, output);
            }
        }

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
            for (ExtensionMain part : parts) {
                part.extensionStop(input, output);
            }
        }
    }
}
