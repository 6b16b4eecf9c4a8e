package io.fleetdeck.console.mqtt;

import io.fleetdeck.console.broker.EmbeddedBrokerExtension;
import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.TrustKeyCommand;
import io.fleetdeck.testkit.mqtt.ScriptedDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Request/response over a real HiveMQ, with a scripted device answering as the protocol says. */
class MqttDeviceCommandsTest {
    @RegisterExtension
    static final EmbeddedBrokerExtension broker = new EmbeddedBrokerExtension();

    private FleetSubscriber subscriber;
    private MqttDeviceCommands commands;
    private ScriptedDevice device;

    @BeforeEach
    void connect() throws Exception {
        subscriber = new FleetSubscriber(broker.url(), "console-cmd-test", (topic, payload) -> { },
                Clock.systemUTC());
        commands = new MqttDeviceCommands(subscriber, "console-cmd-test", Duration.ofMillis(1_500),
                new PayloadCodec());
        subscriber.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!subscriber.subscribed() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        device = ScriptedDevice.connect(broker.url(), DeviceId.of("pi-cmd-" + System.nanoTime() % 100000),
                "Raspberry Pi 4 Model B", "1.0.0");
    }

    @AfterEach
    void close() throws Exception {
        device.forget();
        device.close();
        subscriber.close();
        if (signed != null) {
            signed.close();
        }
    }

    private FleetSubscriber signed;

    /** A second console session whose commands are signed by {@code operator} and answers checked against {@code pinned}. */
    private MqttDeviceCommands signedCommands(KeyPair operator, Optional<PublicKey> pinned) throws Exception {
        String id = "console-signed-" + System.nanoTime() % 100000;
        signed = new FleetSubscriber(broker.url(), id, (topic, payload) -> { }, Clock.systemUTC());
        MqttDeviceCommands result = new MqttDeviceCommands(signed, id, Duration.ofMillis(1_500), new PayloadCodec(),
                new CommandSigner(operator, Clock.systemUTC()), device -> pinned);
        signed.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!signed.subscribed() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return result;
    }

    @Test
    void signedCommandsPassTheDevicesCheckAndUnsignedOnesDoNot() throws Exception {
        KeyPair operator = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        device.trust(operator.getPublic());
        MqttDeviceCommands signedByOperator = signedCommands(operator, Optional.empty());

        CommandResponse unsigned = commands.send(device.id(), Commands.PREFLIGHT, new CommandRequest(Map.of()))
                .get(10, TimeUnit.SECONDS);
        CommandResponse checked = signedByOperator.send(device.id(), Commands.PREFLIGHT,
                new CommandRequest(Map.of())).get(10, TimeUnit.SECONDS);

        assertThat(unsigned.data()).containsEntry(Commands.REASON, "UNSIGNED");
        assertThat(checked.data()).as("past the signature, on to the arguments")
                .containsEntry(Commands.REASON, "BAD_REQUEST");
    }

    @Test
    void takesAnAnswerSignedByThePinnedKeyOnly() throws Exception {
        KeyPair operator = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        MqttDeviceCommands pinnedRight = signedCommands(operator, Optional.of(device.publicKey()));
        assertThat(pinnedRight.send(device.id(), "ping", new CommandRequest(Map.of())).get(10, TimeUnit.SECONDS)
                .message()).contains("unknown command");
        signed.close();

        PublicKey other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        MqttDeviceCommands pinnedWrong = signedCommands(operator, Optional.of(other));
        CompletableFuture<CommandResponse> answer = pinnedWrong.send(device.id(), "ping",
                new CommandRequest(Map.of()));

        assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(DeviceDidNotAnswerException.class);
        assertThat(pinnedWrong.refusedAnswers()).isEqualTo(1);
    }

    @Test
    void theDevicesAnswerCompletesTheRequest() throws Exception {
        TrustKeyCommand trust = TrustKeyCommand.offer(device.id(), "console-test",
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), java.util.Optional.empty(),
                new java.security.SecureRandom());

        CommandResponse answer = commands.send(device.id(), Commands.TRUST_KEY, trust.toRequest()).get(10, TimeUnit.SECONDS);

        assertThat(answer.ok()).isTrue();
        assertThat(device.trustedKeys()).containsExactly(trust.fingerprint());
        assertThat(commands.pending()).isZero();
    }

    @Test
    void aRefusalCarriesTheDevicesReasonCode() throws Exception {
        device.refuse(Commands.PREFLIGHT, InstallFailure.NO_SPACE, "needs 512 MiB, 100 MiB free");

        CommandResponse answer = commands.send(device.id(), Commands.PREFLIGHT, new CommandRequest(Map.of()))
                .get(10, TimeUnit.SECONDS);

        assertThat(answer.ok()).isFalse();
        assertThat(answer.data()).containsEntry(Commands.REASON, "NO_SPACE");
        assertThat(answer.message()).contains("100 MiB free");
    }

    @Test
    void concurrentRequestsEachGetTheirOwnAnswer() throws Exception {
        device.refuse("identify", InstallFailure.BUSY, "blinking already");

        List<CompletableFuture<CommandResponse>> answers = List.of(
                commands.send(device.id(), "ping", new CommandRequest(Map.of())),
                commands.send(device.id(), "identify", new CommandRequest(Map.of())),
                commands.send(device.id(), "ping", new CommandRequest(Map.of())));

        assertThat(answers.get(0).get(10, TimeUnit.SECONDS).message()).contains("unknown command 'ping'");
        assertThat(answers.get(1).get(10, TimeUnit.SECONDS).message()).isEqualTo("blinking already");
        assertThat(answers.get(2).get(10, TimeUnit.SECONDS).message()).contains("unknown command 'ping'");
    }

    @Test
    void aDeviceThatDoesNotAnswerFailsTheRequestWithItsName() throws Exception {
        device.ignore(Commands.INSTALL);

        CompletableFuture<CommandResponse> answer = commands.send(device.id(), Commands.INSTALL,
                new CommandRequest(Map.of()));

        assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(DeviceDidNotAnswerException.class)
                .hasMessageContaining(device.id().value()).hasMessageContaining("cmd/install");
        assertThat(device.received()).contains(Commands.INSTALL);
        assertThat(commands.pending()).isZero();
    }

    @Test
    void aRequestThatCannotBeSentFailsAtOnce() {
        subscriber.close();

        CompletableFuture<CommandResponse> answer = commands.send(device.id(), "ping", new CommandRequest(Map.of()));

        assertThatThrownBy(() -> answer.get(1, TimeUnit.SECONDS)).cause()
                .isInstanceOf(BrokerConnectionException.class).hasMessageContaining("cmd/ping");
    }
}
