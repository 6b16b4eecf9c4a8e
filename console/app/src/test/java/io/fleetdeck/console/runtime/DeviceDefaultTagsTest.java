package io.fleetdeck.console.runtime;

import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.groups.DeviceGroup;
import io.fleetdeck.console.groups.GroupFilter;
import io.fleetdeck.daemon.agent.DeviceAgent;
import io.fleetdeck.daemon.agent.DeviceProfile;
import io.fleetdeck.daemon.config.DaemonConfig;
import io.fleetdeck.daemon.config.DaemonConfigLoader;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Slot;
import io.fleetdeck.simulator.SimulatedSensors;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.mqtt.ScriptedDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A device agent whose config names default tags ({@code device.tags}) announces them in its info, and the console
 * sees them as the device's tags, groups by them and lets the operator change them; a device from before tags (no
 * field in its info) keeps working with none. Real embedded broker, real device agent, real {@code fleet.db}.
 */
class DeviceDefaultTagsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void tagsFromTheDaemonConfigArriveInTheConsoleAndOldDevicesKeepWorking() throws Exception {
        Path config = Files.writeString(dir.resolve("fleetdeckd.properties"), "device.tags = Lab, floor-2\n");
        DaemonConfig daemon = new DaemonConfigLoader().load(config);
        DeviceId tagged = DeviceId.of("pi-tagged-" + Long.toHexString(System.nanoTime()));
        DeviceId old = DeviceId.of("pi-old-" + Long.toHexString(System.nanoTime()));
        try (ConsoleServices console = ConsoleServices.builder(dir.resolve("data")).embeddedBroker("127.0.0.1", 0)
                .openBroker().imageServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withoutHistory().build()) {
            Poll.until("console subscribed", PATIENCE, console::subscribed);
            try (DeviceAgent agent = new DeviceAgent(tagged, new DeviceProfile("Raspberry Pi 4 Model B Rev 1.4", "",
                    tagged.value(), "1.0.0", Slot.A, List.of(), daemon.tags()), SimulatedSensors.forDevice(0, 500),
                    () -> "nothing to blink", MqttSettings.defaults(console.brokerUrl()), new PayloadCodec(),
                    System::currentTimeMillis);
                 ScriptedDevice scripted = ScriptedDevice.connect(console.brokerUrl(), old, "Raspberry Pi 3", "0.9")) {
                agent.start();
                Poll.until("both devices announced", PATIENCE, () -> console.registry().info(tagged).isPresent()
                        && console.registry().info(old).isPresent());

                assertThat(console.registry().info(tagged).map(DeviceInfo::tags)).contains(List.of("lab", "floor-2"));
                assertThat(console.registry().info(old).map(DeviceInfo::tags)).contains(List.of());
                DeviceSnapshot device = console.registry().device(tagged).orElseThrow();
                assertThat(console.groups().tags(device)).containsExactly("floor-2", "lab");
                assertThat(console.groups().tags(console.registry().device(old).orElseThrow())).isEmpty();

                console.groups().saveGroup(new DeviceGroup("lab", GroupFilter.of(List.of("lab"), Optional.empty(),
                        Optional.empty())));
                assertThat(console.groups().members("lab", console.registry().devices())).containsExactly(tagged);
                console.groups().removeTag(tagged, "lab");
                console.groups().addTag(old, "lab");
                assertThat(console.groups().members("lab", console.registry().devices())).containsExactly(old);
                scripted.forget();
            }
        }
    }
}
