package io.fleetdeck.daemon.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetdeck.daemon.FleetdeckDaemon;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.lab.*;
import io.fleetdeck.testkit.lab.probe.MqttWatchProbe;
import io.fleetdeck.testkit.lab.probe.MulticastProbe;
import io.fleetdeck.testkit.lab.probe.TcpProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab itself, proven with what exists today: TCP and mDNS-group multicast between hosts, a daemon in one host
 * publishing to mosquitto in another, its Last Will after kill -9, link flaps, and clean-up. Skipped (with the reason)
 * where namespaces cannot be made; CI runs as root, so there it runs.
 */
class NetworkLabTest {
    private static final Duration PATIENCE = NetworkLab.STARTUP;
    /** The bound for a crash to show: 1.5 × the daemon's 10 s keep-alive. */
    private static final Duration WILL_BOUND = Duration.ofSeconds(15);

    @TempDir
    Path work;

    @BeforeEach
    void needsNamespaces() {
        LabAvailability.assumeAvailable();
    }

    @Test
    void hostsGetLabAddressesAndNothingAppearsInTheRootNamespace() {
        try (NetworkLab lab = NetworkLab.create(work, "console", "dev1")) {
            assertThat(lab.host("console").address()).isEqualTo("198.18.0.1");
            assertThat(lab.host("dev1").address()).isEqualTo("198.18.0.2");
            assertThat(lab.host("dev1").namespace()).isEqualTo("fdlab-" + lab.id() + "-dev1");

            String link = IpCommand.run("-n", lab.host("dev1").namespace(), "link", "show", LabHost.INTERFACE);
            assertThat(link).contains("MULTICAST").contains("UP");
            String routes = IpCommand.run("-n", lab.host("dev1").namespace(), "route");
            assertThat(routes).contains("224.0.0.0/4 dev lan0");

            assertThat(IpCommand.run("-4", "-o", "addr", "show")).doesNotContain("198.18.");
            assertThat(IpCommand.run("-o", "link", "show")).doesNotContain("lan0").doesNotContain(" port1");
        }
    }

    @Test
    void hostsReachEachOtherOverTcpUntilTheirCableIsPulled() {
        try (NetworkLab lab = NetworkLab.create(work, "console", "dev1")) {
            LabHost console = lab.host("console");
            LabHost dev1 = lab.host("dev1");
            LabProcess listener = console.java(TcpProbe.class.getName(), "listen", console.address(), "7000");
            listener.awaitJson("listening", PATIENCE, j -> j.has("listening"));

            assertThat(connect(dev1, console)).isTrue();
            listener.awaitJson("a connection from dev1", PATIENCE, j -> dev1.address().equals(j.path("accepted").asText()));

            lab.link(dev1).down();
            assertThat(connect(dev1, console)).isFalse();

            lab.link(dev1).up();
            // Neighbour entries that failed while the cable was out are retried on the kernel's schedule, not ours.
            Poll.until("dev1 reaches the console again", PATIENCE, () -> connect(dev1, console));
        }
    }

    @Test
    void multicastOnTheMdnsGroupReachesEveryOtherHost() {
        try (NetworkLab lab = NetworkLab.create(work, "console", "dev1", "dev2")) {
            List<LabProcess> receivers = List.of(receiver(lab.host("dev1")), receiver(lab.host("dev2")));
            String text = "hello-" + lab.id();
            // Sent repeatedly: the first datagrams may leave before a slow receiver JVM has joined.
            lab.host("console").java(MulticastProbe.class.getName(), "send", LabHost.INTERFACE, "224.0.0.251", "5353",
                    text, "100", "200");
            for (LabProcess receiver : receivers) {
                JsonNode got = receiver.awaitJson("the datagram", PATIENCE, j -> text.equals(j.path("received").asText()));
                assertThat(got.path("from").asText()).isEqualTo("198.18.0.1");
            }
        }
    }

    @Test
    void telemetryCrossesTheLanAndAKilledDaemonIsAnnouncedOfflineByItsWill() {
        try (NetworkLab lab = NetworkLab.create(work, "console", "dev1")) {
            LabHost console = lab.host("console");
            LabMosquitto broker = LabMosquitto.start(lab, console, 1883);
            LabProcess watch = console.java(MqttWatchProbe.class.getName(), broker.url());
            watch.awaitJson("the watcher to subscribe", PATIENCE, j -> j.has("ready"));

            LabProcess daemon = startDaemon(lab.host("dev1"), broker);
            watch.awaitJson("telemetry from dev1", PATIENCE,
                    j -> "fleetdeck/v1/dev1-0001/telemetry".equals(j.path("topic").asText()));
            watch.awaitJson("dev1 online", PATIENCE, j -> presence(j, "ONLINE"));

            int beforeKill = watch.lineCount();
            daemon.kill9();
            watch.awaitJsonFrom(beforeKill, "the will: dev1 offline", WILL_BOUND, j -> presence(j, "OFFLINE"));

            int beforeRestart = watch.lineCount();
            startDaemon(lab.host("dev1"), broker);
            watch.awaitJsonFrom(beforeRestart, "dev1 online again", PATIENCE, j -> presence(j, "ONLINE"));
        }
    }

    @Test
    void closeKillsTheLabsProcessesAndRemovesItsNamespaces() {
        NetworkLab lab = NetworkLab.create(work, "console", "dev1");
        LabProcess sleeper = lab.host("dev1").exec(List.of("sleep", "600"));
        String prefix = "fdlab-" + lab.id();

        lab.close();

        assertThat(sleeper.isAlive()).isFalse();
        assertThat(LabLeftovers.labNamespaces()).noneMatch(ns -> ns.equals(prefix) || ns.startsWith(prefix + "-"));
    }

    @Test
    void removesWhatACrashedRunLeftButNotALabInUse() throws Exception {
        // A run that died: its namespace still holds a process, its owner file names a pid that has exited.
        String orphan = NetworkLab.PREFIX + "gone-dev1";
        IpCommand.run("netns", "add", orphan);
        Process leftover = new ProcessBuilder(IpCommand.binary().toString(), "netns", "exec", orphan, "sleep", "600").start();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.createDirectories(LabLeftovers.OWNERS);
        Files.writeString(LabLeftovers.OWNERS.resolve("gone.owner"), gone.pid() + " 2020-01-01T00:00:00Z");
        try (NetworkLab inUse = NetworkLab.create(work.resolve("a"), "dev1");
             NetworkLab next = NetworkLab.create(work.resolve("b"), "dev1")) {
            assertThat(LabLeftovers.labNamespaces()).doesNotContain(orphan)
                    .contains(inUse.host("dev1").namespace(), next.host("dev1").namespace());
            assertThat(leftover.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(Files.exists(LabLeftovers.OWNERS.resolve("gone.owner"))).isFalse();
        } finally {
            leftover.destroyForcibly();
            NetworkLab.destroyNamespace(orphan);
        }
    }

    private static boolean connect(LabHost from, LabHost to) {
        LabProcess probe = from.java(TcpProbe.class.getName(), "connect", to.address(), "7000", "2000");
        JsonNode result = probe.awaitJson("a connect result", PATIENCE, j -> j.has("connected"));
        probe.close();
        return result.path("connected").asBoolean();
    }

    private static LabProcess receiver(LabHost host) {
        LabProcess receiver = host.java(MulticastProbe.class.getName(), "receive", LabHost.INTERFACE, "224.0.0.251", "5353");
        receiver.awaitJson("joined", PATIENCE, j -> j.has("joined"));
        return receiver;
    }

    private static LabProcess startDaemon(LabHost host, LabMosquitto broker) {
        return host.java(FleetdeckDaemon.class.getName(), "simulate", "--devices", "1", "--rate", "2",
                "--id-prefix", host.name(), "--broker", broker.url());
    }

    private static boolean presence(JsonNode line, String state) {
        return "fleetdeck/v1/dev1-0001/status".equals(line.path("topic").asText())
                && state.equals(line.path("presence").asText());
    }
}
