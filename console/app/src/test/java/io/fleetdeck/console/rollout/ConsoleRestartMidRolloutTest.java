package io.fleetdeck.console.rollout;

import io.fleetdeck.common.images.SimImages;
import io.fleetdeck.console.app.ConsoleRuntime;
import io.fleetdeck.console.app.ConsoleSettings;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.simulator.DiscoverableFleet;
import io.fleetdeck.simulator.FleetOptions;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.ota.OtaFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "A console restart mid-job ends in a clear state": the console goes away while a real simulated device downloads
 * from it and comes back on the same ports; the device's download resumes against the restarted image server, the
 * job is restored from SQLite, and the restarted console follows it to COMMITTED from the device's reports.
 */
class ConsoleRestartMidRolloutTest {
    @TempDir
    Path dir;

    @Test
    void aJobStartedBeforeARestartIsFollowedToItsEndAfterIt() throws Exception {
        String name = "console-restart" + UUID.randomUUID().toString().substring(0, 6);
        String prefix = "rst" + UUID.randomUUID().toString().substring(0, 5);
        DeviceId device = DeviceId.of(prefix + "-0001");
        ConsoleSettings settings = new ConsoleSettings(Optional.empty(), "127.0.0.1", freePort(), dir.resolve("data"),
                0, 5, List.of("lo"), name, freePort());
        // Large, so that the download is still running when the console goes away; xz takes longer to compress it
        // than the console and the device take to start, so it is written meanwhile.
        CompletableFuture<Path> largeImage = CompletableFuture.supplyAsync(() -> {
            try {
                return SimImages.write(dir.resolve("fleetdeck-sim-4.0.0.img.xz"), "4.0.0", 96L << 20, true).file();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> Thread.ofPlatform().name("write-large-image").start(task));

        ConsoleRuntime first = ConsoleRuntime.start(settings, Clock.systemUTC());
        ConsoleRuntime second = null;
        boolean firstClosed = false;
        try (DiscoverableFleet fleet = DiscoverableFleet.start(
                url -> new FleetOptions(1, 5, prefix, MqttSettings.defaults(url)), 1, prefix,
                Optional.of(first.brokerUrl()), Optional.empty(), Optional.of(dir.resolve("devices")),
                List.of("lo"), "fd-" + prefix)) {
            Poll.until("the device is announced and online", Duration.ofSeconds(30), () -> first.registry()
                    .device(device).map(d -> d.announcedKey().isPresent() && d.presence().name().equals("ONLINE"))
                    .orElse(false));
            // As the operator does: the pairing code read off the device (its log, fleetdeckd status).
            first.trust().adopt(device, OtaFixtures.pairingCode(dir.resolve("devices").resolve(device.value())))
                    .get(30, TimeUnit.SECONDS);
            Path image = largeImage.get(120, TimeUnit.SECONDS);
            RolloutPlan plan = first.rollouts().plan(image, List.of(device), Optional.empty())
                    .get(60, TimeUnit.SECONDS);
            assertThat(plan.cleared()).hasSize(1);
            RolloutJob started = first.rollouts().start(plan).get(30, TimeUnit.SECONDS).getFirst();

            first.close();
            firstClosed = true;
            second = ConsoleRuntime.start(settings, Clock.systemUTC());
            ConsoleRuntime restarted = second;

            assertThat(restarted.rollouts().jobs()).extracting(RolloutJob::id).contains(started.id());
            Poll.until("the restored job reaches a final state", Duration.ofSeconds(90), () -> restarted.rollouts()
                    .jobs().stream().anyMatch(job -> job.id().equals(started.id()) && job.state().isFinal()));
            RolloutJob ended = restarted.rollouts().latestJob(device).orElseThrow();
            assertThat(ended.id()).isEqualTo(started.id());
            assertThat(ended.state()).as("reason: %s", ended.reason()).isEqualTo(InstallState.COMMITTED);
            Poll.until("the device runs 4.0.0", Duration.ofSeconds(30),
                    () -> "4.0.0".equals(fleet.fleet().orElseThrow().firmwareVersion(device)));
        } finally {
            if (!firstClosed) {
                first.close();
            }
            if (second != null) {
                second.close();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
