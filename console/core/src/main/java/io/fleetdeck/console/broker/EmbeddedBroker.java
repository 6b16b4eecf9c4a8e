package io.fleetdeck.console.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;
import io.fleetdeck.console.broker.auth.AccessControl;
import io.fleetdeck.console.broker.auth.AccessLog;
import io.fleetdeck.console.broker.auth.BrokerAccounts;
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
import java.util.Optional;
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
    private final BrokerEndpoint endpoint;
    private boolean closed;

    private EmbeddedBroker(EmbeddedHiveMQ hiveMq, String bindAddress, int port) {
        this.hiveMq = hiveMq;
        this.bindAddress = bindAddress;
        this.port = port;
        String host = bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
        this.endpoint = new BrokerEndpoint("tcp://" + host + ":" + port);
    }

    /**
     * Writes the broker's configuration below {@link BrokerSettings#brokerDirectory()} and starts it; returns once it
     * accepts connections.
     *
     * @throws BrokerStartException when it cannot start, e.g. the port is taken; carries address and port
     */
    public static EmbeddedBroker start(BrokerSettings settings) {
        return start(settings, Optional.empty());
    }

    /**
     * Like {@link #start(BrokerSettings)}, but admitting only the console and devices in {@code accounts}, each to
     * its own topics (see {@link AccessControl}); refusals go to {@code refusals}.
     */
    public static EmbeddedBroker start(BrokerSettings settings, BrokerAccounts accounts, AccessLog refusals) {
        return start(settings, Optional.of(AccessControl.extension(accounts, refusals)));
    }

    private static EmbeddedBroker start(BrokerSettings settings, Optional<EmbeddedExtension> access) {
        String address = literalAddress(settings);
        if (settings.port() != 0) {
            return startOn(settings, address, settings.port(), access);
        }
        BrokerStartException last = null;
        for (int attempt = 0; attempt < FREE_PORT_ATTEMPTS; attempt++) {
            int port = freePort(address);
            try {
                return startOn(settings, address, port, access);
            } catch (BrokerStartException e) {
                last = e;
                log.debug("Free port {} was taken before the broker bound it; trying another", port);
            }
        }
        throw last;
    }

    private static EmbeddedBroker startOn(BrokerSettings settings, String address, int port,
                                          Optional<EmbeddedExtension> access) {
        HiveMqLogging.quieten();
        Path root = settings.brokerDirectory();
        try {
            HiveMqConfig.write(root.resolve("conf"), settings, address, port);
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
            requireListening(address, port);
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
        EmbeddedBroker broker = new EmbeddedBroker(hiveMq, address, port);
        log.info("MQTT broker listening on {} (started in {} ms; {})", broker.endpoint.url(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), access.isPresent()
                        ? "console and adopted devices only, each to its own topics" : "open to any client");
        return broker;
    }

    /** Where clients connect, with the actual port when the settings asked for port 0. */
    public BrokerEndpoint endpoint() {
        return endpoint;
    }

    public int port() {
        return port;
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
}
