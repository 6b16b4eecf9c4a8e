package io.fleetdeck.console.gpio;

import io.fleetdeck.console.audit.AuditAction;
import io.fleetdeck.console.audit.AuditEntry;
import io.fleetdeck.console.audit.AuditOutcome;
import io.fleetdeck.console.runtime.ConsoleServices;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.GpioDirection;
import io.fleetdeck.model.GpioPin;
import io.fleetdeck.model.GpioState;
import io.fleetdeck.simulator.FleetOptions;
import io.fleetdeck.simulator.SimFirmwareOptions;
import io.fleetdeck.simulator.SimulatedFleet;
import io.fleetdeck.testkit.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GPIO bench end to end: the console's services on the embedded HiveMQ, signing {@code cmd/gpio} with the
 * operator key, and a virtual device running the real device core (outputs 17 and 27, input 22 jumpered to 17),
 * which trusts that key as one provisioned with its image. The device drives what it declares as outputs, refuses
 * the rest with its reason, and reports levels on its retained {@code gpio} topic; the console audits every write.
 */
@Timeout(180)
class GpioEndToEndTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private ConsoleServices console;
    private SimulatedFleet fleet;

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
        if (console != null) {
            console.close();
        }
    }

    @Test
    void drivesDeclaredOutputsSeesTheLevelsComeBackAndAuditsTheDevicesRefusals() throws Exception {
        // Not about broker access: an open broker, so the device needs no adoption to connect.
        console = ConsoleServices.builder(dir.resolve("data")).embeddedBroker("127.0.0.1", 0).openBroker()
                .imageServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).withoutHistory().build();
        Poll.until("console subscribed", PATIENCE, console::subscribed);
        Path provisioned = Files.createDirectories(dir.resolve("provisioned"));
        Files.writeString(provisioned.resolve("console.pub"), console.operatorKey().publicKeyPem());
        fleet = SimulatedFleet.start(new FleetOptions(1, 2, "gpio-e2e", MqttSettings.defaults(console.brokerUrl()),
                SimFirmwareOptions.defaults().withStateRoot(dir.resolve("fleet")).withProvisionedKeys(provisioned)));
        DeviceId device = fleet.deviceIds().getFirst();
        GpioBench bench = console.gpio();

        Poll.until(device + " reports its pins", PATIENCE, () -> bench.state(device).isPresent());
        assertThat(bench.state(device).orElseThrow().pins()).containsExactly(
                new GpioPin(17, GpioDirection.OUTPUT, false), new GpioPin(22, GpioDirection.INPUT, false),
                new GpioPin(27, GpioDirection.OUTPUT, false));

        GpioWriteResult driven = bench.write(device, 17, true).get(30, TimeUnit.SECONDS);
        assertThat(driven.carriedOut()).as(driven.message()).isTrue();
        Poll.until("output 17 and its jumpered input 22 read high", PATIENCE, () -> bench.state(device)
                .map(state -> level(state, 17) && level(state, 22)).orElse(false));

        GpioWriteResult input = bench.write(device, 22, false).get(30, TimeUnit.SECONDS);
        assertThat(input.carriedOut()).isFalse();
        assertThat(input.reason()).isEqualTo("NOT_AN_OUTPUT");
        assertThat(input.message()).contains("GPIO 22 is declared an input");

        GpioWriteResult unknown = bench.write(device, 5, true).get(30, TimeUnit.SECONDS);
        assertThat(unknown.reason()).isEqualTo("UNKNOWN_PIN");

        assertThat(level(bench.state(device).orElseThrow(), 22)).as("the input was never driven").isTrue();
        List<AuditEntry> audited = console.audit().entries(Optional.empty()).stream()
                .filter(entry -> entry.action() == AuditAction.GPIO_WRITE).toList();
        assertThat(audited).extracting(AuditEntry::target).containsOnly(device.value());
        assertThat(audited).extracting(AuditEntry::outcome).containsExactly(AuditOutcome.SUCCEEDED,
                AuditOutcome.FAILED, AuditOutcome.FAILED);
        assertThat(audited.get(1).detail()).startsWith("GPIO 22 → low: refused: NOT_AN_OUTPUT");
    }

    private static boolean level(GpioState state, int pin) {
        return state.pin(pin).map(GpioPin::high).orElse(false);
    }
}
