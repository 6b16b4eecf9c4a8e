package io.fleetdeck.daemon.gpio;

import io.fleetdeck.daemon.ota.CommandGuard;
import io.fleetdeck.daemon.ota.TrustedKeys;
import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.GpioDirection;
import io.fleetdeck.model.GpioPin;
import io.fleetdeck.model.GpioState;
import io.fleetdeck.model.GpioWrite;
import io.fleetdeck.model.MessageEnvelope;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Topics;
import io.fleetdeck.testkit.mqtt.SignedMessages;
import io.fleetdeck.testkit.ota.OtaFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/** cmd/gpio on the device: signature, interlock, unknown pins, hardware errors, and the state it publishes. */
class GpioBenchTest {
    private static final DeviceId DEVICE = DeviceId.of("bench-1");
    private static final String TOPIC = Topics.command(DEVICE, Commands.GPIO);
    private static final KeyPair OPERATOR = OtaFixtures.newKey();
    private static final GpioLayout LAYOUT = new GpioLayout(List.of(22), List.of(17, 27));

    @TempDir
    Path dir;

    private final PayloadCodec codec = new PayloadCodec();
    private final MemoryGpioPort port = new MemoryGpioPort().wire(17, 22);
    private final List<GpioState> published = new ArrayList<>();
    private GpioBench bench;
    private CommandGuard guard;

    @BeforeEach
    void setUp() throws Exception {
        TrustedKeys keys = new TrustedKeys(dir, Optional.empty());
        keys.trust(OPERATOR.getPublic());
        guard = new CommandGuard(DEVICE, keys, System::currentTimeMillis);
        bench = new GpioBench(DEVICE, LAYOUT, port, guard::check, () -> 42L);
        bench.onChange(published::add);
    }

    private CommandResponse send(CommandRequest request, KeyPair signer) {
        return send(bench, request, signer);
    }

    private CommandResponse send(GpioBench to, CommandRequest request, KeyPair signer) {
        byte[] payload = codec.encode(request);
        MessageEnvelope message = signer == null ? MessageEnvelope.unsigned(TOPIC, payload)
                : new MessageEnvelope(TOPIC, payload, List.copyOf(SignedMessages.command(signer, TOPIC, payload,
                System.currentTimeMillis() + 60_000).entrySet()));
        return to.write(request, message);
    }

    @Test
    void drivesADeclaredOutputAndPublishesTheLevelsReadBack() {
        CommandResponse answer = send(new GpioWrite(17, true).toRequest(), OPERATOR);

        assertThat(answer.ok()).as(answer.message()).isTrue();
        assertThat(answer.data()).isEqualTo(Map.of("pin", "17", "level", "high"));
        assertThat(port.read(17)).isTrue();
        // The jumper moved input 22 too: one state for the input's change, one for the write.
        assertThat(published.getLast()).isEqualTo(new GpioState(List.of(
                new GpioPin(17, GpioDirection.OUTPUT, true), new GpioPin(22, GpioDirection.INPUT, true),
                new GpioPin(27, GpioDirection.OUTPUT, false)), 42L));
    }

    @Test
    void refusesToDriveAnInputWhateverTheConsoleSends() {
        CommandResponse answer = send(new GpioWrite(22, true).toRequest(), OPERATOR);

        assertThat(answer.ok()).isFalse();
        assertThat(answer.data()).containsEntry("reason", "NOT_AN_OUTPUT").containsEntry("pin", "22");
        assertThat(answer.message()).contains("GPIO 22 is declared an input").contains("[17, 27]");
        assertThat(port.read(22)).isFalse();
        assertThat(published).isEmpty();
    }

    @Test
    void refusesAPinTheDeviceDoesNotExpose() {
        CommandResponse answer = send(new GpioWrite(5, true).toRequest(), OPERATOR);

        assertThat(answer.data()).containsEntry("reason", "UNKNOWN_PIN");
        assertThat(answer.message()).contains("GPIO 5 is not exposed");
        assertThat(port.read(5)).isFalse();
    }

    @Test
    void refusesUnsignedForeignAndMalformedCommandsBeforeTouchingAPin() {
        assertThat(send(new GpioWrite(17, true).toRequest(), null).data()).containsEntry("reason", "UNSIGNED");
        assertThat(send(new GpioWrite(17, true).toRequest(), OtaFixtures.newKey()).data())
                .containsEntry("reason", "UNKNOWN_KEY");
        assertThat(send(new CommandRequest(Map.of("pin", "17", "level", "on")), OPERATOR).data())
                .containsEntry("reason", "BAD_REQUEST");
        assertThat(port.read(17)).isFalse();
    }

    @Test
    void reportsAHardwareErrorWithThePin() {
        GpioPort broken = new GpioPort() {
            @Override
            public boolean read(int pin) {
                return false;
            }

            @Override
            public void write(int pin, boolean high) throws GpioHardwareException {
                throw new GpioHardwareException(pin, "line busy", null);
            }

            @Override
            public void onInputChange(IntConsumer listener) {
            }
        };
        GpioBench failing = new GpioBench(DEVICE, LAYOUT, broken, guard::check, () -> 1L);

        CommandResponse answer = send(failing, new GpioWrite(27, false).toRequest(), OPERATOR);

        assertThat(answer.data()).containsEntry("reason", "HARDWARE_ERROR").containsEntry("pin", "27");
        assertThat(answer.message()).isEqualTo("HARDWARE_ERROR: GPIO 27: line busy");
    }

    @Test
    void aDeviceWithoutPinsRefusesEveryWrite() {
        assertThat(GpioBench.none(DEVICE).state()).isEmpty();
        assertThat(GpioBench.none(DEVICE).write(new GpioWrite(17, true).toRequest(),
                MessageEnvelope.unsigned(TOPIC, new byte[0])).ok()).isFalse();
    }
}
