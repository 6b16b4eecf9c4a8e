package io.fleetdeck.testkit.mqtt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MosquittoBrokerTest {
    @TempDir
    Path dir;

    @Test
    void keepsItsLoopbackListenerAndAppendsExtraLinesLastSoTheyWin() throws Exception {
        new MosquittoBroker(dir, MosquittoBroker.Tuning.TESTS, List.of("include_dir /etc/fleetdeck-test"));

        List<String> lines = Files.readAllLines(dir.resolve("mosquitto.conf"));
        assertThat(lines.getFirst()).matches("listener \\d+ 127\\.0\\.0\\.1");
        assertThat(lines).contains("allow_anonymous true").last().isEqualTo("include_dir /etc/fleetdeck-test");
    }

    @Test
    void writesTheSameConfigAsBeforeWithoutExtraLines() throws Exception {
        MosquittoBroker broker = new MosquittoBroker(dir);

        assertThat(Files.readString(dir.resolve("mosquitto.conf"))).isEqualTo(String.join("\n",
                "listener " + broker.port() + " 127.0.0.1", "allow_anonymous true", "persistence false",
                "max_inflight_messages 1000", "max_queued_messages 100000", "set_tcp_nodelay true",
                "log_dest stderr", "log_type error", "log_type warning", ""));
    }

    @Test
    void survivesAReloadAndStillAcceptsConnections() throws Exception {
        // Readable by the user a root-started mosquitto re-reads its config as.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (MosquittoBroker broker = new MosquittoBroker(dir).start()) {
            long pid = broker.pid();

            broker.reload();

            try (TestSubscriber subscriber = new TestSubscriber(broker.url(), "after-reload")) {
                assertThat(subscriber.messages()).isEmpty();
            }
            assertThat(broker.pid()).isEqualTo(pid);
            assertThat(broker.log()).doesNotContain("Error");
        }
    }

    @Test
    void refusesToReloadABrokerThatIsNotRunning() throws Exception {
        MosquittoBroker broker = new MosquittoBroker(dir);

        assertThatThrownBy(broker::reload).isInstanceOf(IllegalStateException.class);
    }
}
