package io.fleetdeck.daemon.ota;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The download client of {@code fleetdeckd run}, built on the first download. Most starts never download, and
 * building an {@link HttpClient} costs a cold JVM about half a second of class loading on the way to a trial's
 * {@code HEALTH_CHECK}; its selector thread, waiting in native code, also holds up the JVM's exit by up to 300 ms
 * unless it is shut down first ({@link #close}).
 */
public final class LazyHttpClient implements Supplier<HttpClient>, AutoCloseable {
    private final Duration connectTimeout;
    private final Optional<Path> caFile;
    private HttpClient client;
    private boolean closed;

    public LazyHttpClient(Duration connectTimeout) {
        this(connectTimeout, Optional.empty());
    }

    /** With {@code caFile}, {@code https://} image URLs are trusted only when the console's CA signed the server. */
    public LazyHttpClient(Duration connectTimeout, Optional<Path> caFile) {
        this.connectTimeout = connectTimeout;
        this.caFile = caFile;
    }

    /** @throws IllegalStateException after {@link #close}: the daemon is stopping, no new download starts */
    @Override
    public synchronized HttpClient get() {
        if (closed) {
            throw new IllegalStateException("the download client is closed: the daemon is stopping");
        }
        if (client == null) {
            client = ImageHttpClient.create(connectTimeout, caFile);
        }
        return client;
    }

    /** Stops the client, if one was built, and any download still running on it. */
    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            client.shutdownNow();
        }
    }
}
