package io.fleetdeck.console.broker;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The console's embedded HiveMQ on a free loopback port for a whole test class, as the window starts it. Registered on
 * a static field: {@code @RegisterExtension static final EmbeddedBrokerExtension broker = new
 * EmbeddedBrokerExtension();}, then {@code broker.url()}.
 */
public final class EmbeddedBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private EmbeddedBroker broker;

    public String url() {
        if (broker == null) {
            throw new IllegalStateException("the broker runs only inside the test class that registers it");
        }
        return broker.endpoint().url();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("fleetdeck-hivemq-");
        broker = EmbeddedBroker.start(BrokerSettings.loopback(dir).withPort(0));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (broker != null) {
            broker.close();
            broker = null;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
