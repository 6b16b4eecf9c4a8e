package io.fleetdeck.testkit.mqtt;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real mosquitto for a test class, as a JUnit 5 extension: registered on a static field it runs one broker for the
 * whole class, on an instance field one per test. Its config and log live in a temporary directory that is deleted
 * afterwards unless the broker failed to start (then the log is in the exception).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MosquittoExtension mosquitto = new MosquittoExtension();
 * ... new TestSubscriber(mosquitto.url(), "probe") ...
 * }</pre>
 */
public final class MosquittoExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    private final MosquittoBroker.Tuning tuning;
    private Path dir;
    private MosquittoBroker broker;
    private boolean perClass;

    public MosquittoExtension() {
        this(MosquittoBroker.Tuning.TESTS);
    }

    public MosquittoExtension(MosquittoBroker.Tuning tuning) {
        this.tuning = tuning;
    }

    /** The running broker, e.g. to {@link MosquittoBroker#stop()} and restart it in a reconnect test. */
    public MosquittoBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("the broker runs only inside a test of the class that registers it");
        }
        return broker;
    }

    public String url() {
        return broker().url();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        perClass = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            stop();
        }
    }

    private void start() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("fleetdeck-mosquitto-");
        broker = new MosquittoBroker(dir, tuning).start();
    }

    private void stop() throws InterruptedException {
        if (broker != null) {
            broker.close();
            broker = null;
        }
        if (dir != null) {
            deleteTree(dir);
            dir = null;
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A leftover temp directory is harmless; the test's outcome must not depend on it.
        }
    }
}
