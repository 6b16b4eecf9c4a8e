package io.fleetdeck.console.ingest;

import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.trust.InMemoryDeviceKeys;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.MessageEnvelope;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Topics;
import io.fleetdeck.testkit.mqtt.SignedMessages;
import io.fleetdeck.testkit.ota.OtaFixtures;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SignedInstallReportsTest {
    private static final DeviceId DEVICE = DeviceId.of("pi-signed-1");
    private final KeyPair deviceKey = OtaFixtures.newKey();
    private final InMemoryDeviceKeys keys = new InMemoryDeviceKeys().pin(DEVICE, deviceKey.getPublic());
    private final FleetRegistry registry = new FleetRegistry();
    private final SignedInstallReports check = new SignedInstallReports(keys, registry);
    private final String topic = Topics.install(DEVICE);
    private final byte[] committed = new PayloadCodec().encode(new InstallProgress("job-1", "2.0.0",
            InstallState.COMMITTED, 10, 10, "", 1L));

    private MessageEnvelope signedBy(KeyPair key, String on, byte[] payload) {
        return new MessageEnvelope(on, payload, List.copyOf(SignedMessages.report(key, on, payload, null)
                .entrySet()));
    }

    @Test
    void passesAReportSignedByThePinnedDeviceKey() {
        assertThat(check.test(signedBy(deviceKey, topic, committed))).isTrue();
        assertThat(check.refused()).isZero();
    }

    @Test
    void dropsAndCountsReportsThatAreUnsignedForeignOrFromADeviceWithoutAPin() {
        DeviceId stranger = DeviceId.of("pi-not-adopted");

        assertThat(check.test(MessageEnvelope.unsigned(topic, committed))).isFalse();
        assertThat(check.test(signedBy(OtaFixtures.newKey(), topic, committed))).isFalse();
        assertThat(check.test(signedBy(deviceKey, Topics.install(stranger), committed))).isFalse();

        assertThat(check.refused()).isEqualTo(3);
        assertThat(registry.device(DEVICE).orElseThrow().rejected()).isEqualTo(2);
        assertThat(registry.device(stranger).orElseThrow().lastRejection().orElseThrow())
                .startsWith("install report refused: UNKNOWN_KEY");
    }

    @Test
    void refusesTheDevicesSignatureMovedToAnotherDevicesTopic() {
        DeviceId other = DeviceId.of("pi-signed-2");
        keys.pin(other, deviceKey.getPublic());
        MessageEnvelope genuine = signedBy(deviceKey, topic, committed);

        assertThat(check.test(new MessageEnvelope(Topics.install(other), committed, genuine.userProperties())))
                .isFalse();
    }

    @Test
    void letsOtherTopicsAndClearingMessagesThrough() {
        assertThat(check.test(MessageEnvelope.unsigned(Topics.info(DEVICE), new byte[]{'{', '}'}))).isTrue();
        assertThat(check.test(MessageEnvelope.unsigned(topic, new byte[0]))).isTrue();
    }
}
