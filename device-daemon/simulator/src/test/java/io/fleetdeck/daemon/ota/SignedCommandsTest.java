package io.fleetdeck.daemon.ota;

import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.MessageEnvelope;
import io.fleetdeck.model.MessageSignatures;
import io.fleetdeck.model.SignatureDomain;
import io.fleetdeck.model.Topics;
import io.fleetdeck.simulator.FleetOptions;
import io.fleetdeck.simulator.SimFirmwareOptions;
import io.fleetdeck.simulator.SimulatedFleet;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.mqtt.MosquittoExtension;
import io.fleetdeck.testkit.mqtt.SignedMessages;
import io.fleetdeck.testkit.mqtt.TestSubscriber;
import io.fleetdeck.testkit.ota.ImageServer;
import io.fleetdeck.testkit.ota.OtaFixtures;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #9's acceptance for commands and reports, on a virtual device of {@link SimulatedFleet} and a real mosquitto:
 * what someone on the broker can do with captured or hand-made commands, and what the device signs.
 */
@Timeout(180)
class SignedCommandsTest {
    private static final List<String> SIMULATED = List.of("simulated");

    @TempDir
    Path dir;

    @RegisterExtension
    final MosquittoExtension broker = new MosquittoExtension();
    private TestSubscriber console;
    private ImageServer server;
    private OtaFixtures fx;
    private SimulatedFleet fleet;
    private DeviceId device;

    @BeforeEach
    void setUp() throws Exception {
        console = new TestSubscriber(broker.url(), "signed-console");
        server = new ImageServer();
        fx = new OtaFixtures(console, server);
        OtaSettings ota = new OtaSettings(new InstallerSettings(3, Duration.ofMillis(20), 64 * 1024,
                Duration.ofSeconds(10), Duration.ofSeconds(10)), Duration.ofSeconds(4));
        fleet = SimulatedFleet.start(new FleetOptions(1, 10, "signed", MqttSettings.defaults(broker.url()),
                new SimFirmwareOptions(Optional.of(dir.resolve("fleet")), 16L << 20, ota)));
        device = fleet.deviceIds().getFirst();
        fx.awaitInfo(device, SimulatedFleet.FIRMWARE_VERSION);
        CommandResponse trusted = fx.trust(device, fx.operator, dir.resolve("fleet").resolve(device.value()));
        assertThat(trusted.ok()).as(trusted.message()).isTrue();
    }

    @AfterEach
    void tearDown() throws Exception {
        fleet.close();
        server.close();
        console.close();
    }

    private Path images() throws Exception {
        return Files.createDirectories(dir.resolve("images"));
    }

    private static void assertRefused(CommandResponse response, InstallFailure failure) {
        assertThat(response.ok()).as(response.message()).isFalse();
        assertThat(response.data()).containsEntry(Commands.REASON, failure.name());
        assertThat(response.message()).startsWith(failure.name() + ": ");
    }

    private byte[] install(String job, OtaFixtures.Release release) {
        return fx.codec.encode(fx.command(job, release).toRequest(fx.codec));
    }

    @Test
    void refusesAnUnsignedInstallAndStartsNothing() throws Exception {
        OtaFixtures.Release release = fx.release(images(), "fw-1.1.0.img", "1.1.0", 1 << 20, true, SIMULATED);

        CommandResponse answer = fx.sendUnsigned(device, Commands.INSTALL, install("job-unsigned", release));

        assertRefused(answer, InstallFailure.UNSIGNED);
        Thread.sleep(500);
        assertThat(fx.reports(device, "job-unsigned")).isEmpty();
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void refusesAReplayedInstallCapturedOnTheWireAfterItsJobFinished() throws Exception {
        OtaFixtures.Release release = fx.release(images(), "fw-1.1.0.img", "1.1.0", 1 << 20, true, SIMULATED);
        assertThat(fx.send(device, Commands.INSTALL, fx.command("job-1", release)).ok()).isTrue();
        assertThat(fx.awaitFinal(device, "job-1").state()).isEqualTo(InstallState.COMMITTED);
        // A later, lower job so the replay is not merely "same version": the device must refuse it for its copy.
        OtaFixtures.Release back = fx.release(images(), "fw-1.0.5.img", "1.0.5", 1 << 20, true, SIMULATED);
        assertThat(fx.send(device, Commands.INSTALL, fx.command("job-2", back)).ok()).isTrue();
        assertThat(fx.awaitFinal(device, "job-2").state()).isEqualTo(InstallState.COMMITTED);
        int downloads = server.requests().size();

        // What anyone subscribed to the broker saw: job-1's install, byte for byte, with its signature properties.
        TestSubscriber.Received captured = console.on(Topics.command(device, Commands.INSTALL)).getFirst();
        assertThat(captured.userProperties()).extracting(Map.Entry::getKey).contains("fd-sig", "fd-nonce");
        CommandResponse replayed = replay(captured, "replay-1");

        assertThat(replayed.ok()).as(replayed.message()).isFalse();
        assertThat(replayed.data().get(Commands.REASON)).isIn(InstallFailure.REPLAYED.name(),
                InstallFailure.STALE.name());
        Thread.sleep(500);
        assertThat(fx.reports(device, "job-1")).extracting(InstallProgress::state)
                .filteredOn(state -> state == InstallState.QUEUED).hasSize(1);
        assertThat(server.requests()).hasSize(downloads);
        assertThat(fleet.firmwareVersion(device)).isEqualTo("1.0.5");
    }

    @Test
    void refusesADowngradeBelowTheCommittedSecurityVersionUnlessAllowed() throws Exception {
        OtaFixtures.Release secure = fx.release(images(), "fw-2.0.0.img", "2.0.0", 1 << 20, true, SIMULATED, 3);
        assertThat(fx.send(device, Commands.INSTALL, fx.command("job-sv3", secure)).ok()).isTrue();
        assertThat(fx.awaitFinal(device, "job-sv3").state()).isEqualTo(InstallState.COMMITTED);
        OtaFixtures.Release old = fx.release(images(), "fw-1.9.0.img", "1.9.0", 1 << 20, true, SIMULATED, 1);

        CommandResponse refused = fx.send(device, Commands.PREFLIGHT, fx.command("job-old", old));
        CommandResponse refusedInstall = fx.send(device, Commands.INSTALL, fx.command("job-old", old));
        assertRefused(refused, InstallFailure.ROLLBACK);
        assertRefused(refusedInstall, InstallFailure.ROLLBACK);
        assertThat(refused.message()).contains("security version 1").contains("committed 3");

        CommandResponse allowed = fx.send(device, Commands.INSTALL, fx.command("job-old", old).allowingDowngrade());
        assertThat(allowed.ok()).as(allowed.message()).isTrue();
        assertThat(allowed.data()).containsEntry("securityVersion", "3");
        assertThat(fx.awaitFinal(device, "job-old").state()).isEqualTo(InstallState.COMMITTED);
        assertThat(fleet.firmwareVersion(device)).isEqualTo("1.9.0");
    }

    @Test
    void signsInstallReportsAndAnswersWithTheDeviceKey() throws Exception {
        OtaFixtures.Release release = fx.release(images(), "fw-1.1.0.img", "1.1.0", 1 << 20, true, SIMULATED);
        byte[] correlation = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        MessageSignatures reports = new MessageSignatures(SignatureDomain.REPORT);
        byte[] payload = install("job-1", release);
        console.request(device, Commands.INSTALL, payload, correlation,
                SignedMessages.command(fx.operator, Topics.command(device, Commands.INSTALL), payload));
        fx.awaitFinal(device, "job-1");

        for (TestSubscriber.Received report : console.on(Topics.install(device))) {
            reports.verify(new MessageEnvelope(report.topic(), report.payload(), report.userProperties()),
                    Map.of(KeyFingerprint.of(fleet.publicKey(device)), fleet.publicKey(device)));
        }
        String responses = Topics.consoleResponses("signed-console");
        TestSubscriber.Received answer = console.on(responses).stream()
                .filter(r -> Arrays.equals(r.correlation(), correlation)).findFirst().orElseThrow();
        assertThat(reports.verify(new MessageEnvelope(responses, answer.payload(), answer.userProperties()),
                Map.of(KeyFingerprint.of(fleet.publicKey(device)), fleet.publicKey(device)))
                .nonce()).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(correlation));
    }

    /** Publishes {@code captured} again exactly (payload and user properties) and waits for the device's answer. */
    private CommandResponse replay(TestSubscriber.Received captured, String correlation) throws Exception {
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(Topics.consoleResponses("signed-console"));
        properties.setCorrelationData(correlation.getBytes(StandardCharsets.UTF_8));
        properties.setContentType("application/json");
        properties.setUserProperties(captured.userProperties().stream()
                .map(p -> new UserProperty(p.getKey(), p.getValue())).toList());
        int before = console.on(Topics.consoleResponses("signed-console")).size();
        console.publish(captured.topic(), new MqttMessage(captured.payload(), 1, false, properties));
        TestSubscriber.Received answer = Poll.value("answer to the replay", OtaFixtures.PATIENCE, () -> console
                .on(Topics.consoleResponses("signed-console")).stream().skip(before)
                .filter(r -> Arrays.equals(r.correlation(), correlation.getBytes(StandardCharsets.UTF_8)))
                .findFirst().orElse(null));
        return fx.codec.decodeResponse(answer.payload());
    }
}
