package io.fleetdeck.console.rollout;

import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.DeviceStatus;
import io.fleetdeck.model.FirmwareManifest;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.Presence;
import io.fleetdeck.model.ProtocolVersion;
import io.fleetdeck.model.SignedManifest;
import io.fleetdeck.model.Slot;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The pre-flight checks the console makes from memory, before a device is asked. */
class ConsoleChecksTest {
    private static final DeviceId PI = DeviceId.of("pi-checks");
    private static final String PI4 = "Raspberry Pi 4 Model B Rev 1.4";
    private static final SignedManifest RELEASE = new SignedManifest(ProtocolVersion.CURRENT,
            new FirmwareManifest(ProtocolVersion.CURRENT, "2.0.0", List.of("Raspberry Pi 4"), 1_000, "a".repeat(64),
                    0), new KeyFingerprint("SHA256:" + "k".repeat(43)), "s".repeat(86) + "==");

    private final FleetRegistry registry = new FleetRegistry();
    private final JobBoard board = new JobBoard(() -> { });
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(61_000), ZoneOffset.UTC);

    @Test
    void clearsAnAdoptedOnlineDeviceOnAnOlderVersionForTheDeviceToCheck() {
        onlineAdopted("1.0.0");

        assertThat(checks(RolloutSettings.defaults()).refusal(RELEASE, PI)).isEmpty();
    }

    @Test
    void saysHowLongAnOfflineDeviceHasBeenSilent() {
        onlineAdopted("1.0.0");
        registry.recordStatus(PI, new DeviceStatus(Presence.OFFLINE, 2), 2_000);

        assertThat(refusal()).satisfies(verdict -> {
            assertThat(verdict.failure()).contains(InstallFailure.NO_ANSWER);
            assertThat(verdict.message()).isEqualTo("offline (last seen 60 s ago)");
        });
    }

    @Test
    void asksForAdoptionOnlyWhenTheSettingsRequireIt() {
        registry.recordInfo(PI, info("1.0.0"), 1_000);
        registry.recordStatus(PI, new DeviceStatus(Presence.ONLINE, 1), 1_000);

        assertThat(refusal().failure()).contains(InstallFailure.UNKNOWN_KEY);
        assertThat(checks(RolloutSettings.defaults().withRequireAdoption(false)).refusal(RELEASE, PI)).isEmpty();
    }

    @Test
    void aDeviceWithAnUnfinishedJobOfThisConsoleIsBusy() {
        onlineAdopted("1.0.0");
        board.publish(List.of(job(InstallState.DOWNLOADING)));

        assertThat(refusal()).satisfies(verdict -> {
            assertThat(verdict.failure()).contains(InstallFailure.BUSY);
            assertThat(verdict.message()).isEqualTo("job job-earlier is DOWNLOADING (1.5.0)");
        });
    }

    @Test
    void anEndedJobLeavesTheDeviceFree() {
        onlineAdopted("1.0.0");
        board.publish(List.of(job(InstallState.FAILED)));

        assertThat(checks(RolloutSettings.defaults()).refusal(RELEASE, PI)).isEmpty();
    }

    @Test
    void aDeviceReportingAnUnfinishedInstallOfAnotherConsoleIsBusy() {
        onlineAdopted("1.0.0");
        registry.recordInstall(PI, new InstallProgress("job-elsewhere", "1.9.0", InstallState.WRITING, 10, 100, "",
                1_000), 1_000);

        assertThat(refusal()).satisfies(verdict -> {
            assertThat(verdict.failure()).contains(InstallFailure.BUSY);
            assertThat(verdict.message()).isEqualTo("it reports job job-elsewhere WRITING (1.9.0)");
        });
    }

    private void onlineAdopted(String firmware) {
        registry.recordInfo(PI, info(firmware), 1_000);
        registry.recordStatus(PI, new DeviceStatus(Presence.ONLINE, 1), 1_000);
        registry.pin(PI, new KeyFingerprint("SHA256:" + "p".repeat(43)));
    }

    private ConsoleChecks checks(RolloutSettings settings) {
        return new ConsoleChecks(registry, board, clock, settings);
    }

    private PreflightVerdict refusal() {
        Optional<PreflightVerdict> refusal = checks(RolloutSettings.defaults()).refusal(RELEASE, PI);
        assertThat(refusal).isPresent();
        return refusal.get();
    }

    private static DeviceInfo info(String firmware) {
        return new DeviceInfo(PI4, "10000000abcdef", "pi-checks", firmware, Slot.A, List.of(), List.of("ota"), 0);
    }

    private static RolloutJob job(InstallState state) {
        return new RolloutJob("job-earlier", PI, 1, "fleetdeck-1.5.0.img", "1.5.0", state, 0, 1_000, 0,
                OptionalLong.empty(), state.isFinal() ? "NO_SPACE: full" : "", 500, 500);
    }
}
