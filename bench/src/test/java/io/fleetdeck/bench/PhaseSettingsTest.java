package io.fleetdeck.bench;

import io.fleetdeck.bench.PhaseSettings.Phase;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhaseSettingsTest {

    @Test
    void runsEveryPhaseWithTheIssuesDurationsByDefault() {
        PhaseSettings settings = PhaseSettings.parse(new String[0]);

        assertThat(settings.phases()).containsExactly(Phase.values());
        assertThat(settings.overloadS()).isEqualTo(30);
        assertThat(settings.killRate()).isEqualTo(20_000);
        assertThat(settings.chartPoints()).isEqualTo(1_000_000);
        assertThat(settings.remaining()).isEmpty();
    }

    @Test
    void takesASubsetOfPhasesAndLeavesTheOtherOptionsToRunSettings() {
        PhaseSettings settings = PhaseSettings.parse(new String[]{"--phases", "kill,overload", "--fixed-seconds",
                "5", "--overload-seconds", "10", "--profile", "--chart-points", "2000000"});

        assertThat(settings.phases()).containsExactly(Phase.OVERLOAD, Phase.KILL);
        assertThat(settings.runs(Phase.SATURATION)).isFalse();
        assertThat(settings.overloadS()).isEqualTo(10);
        assertThat(settings.chartPoints()).isEqualTo(2_000_000);
        assertThat(settings.remaining()).containsExactly("--fixed-seconds", "5", "--profile");
        RunSettings run = RunSettings.parse(settings.remaining().toArray(String[]::new), Path.of("runs"));
        assertThat(run.fixedS()).isEqualTo(5);
        assertThat(run.profileConsole()).isTrue();
    }

    @Test
    void refusesAnUnknownPhase() {
        assertThatThrownBy(() -> PhaseSettings.parse(new String[]{"--phases", "fixed,soak"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown phase 'soak'");
    }

    @Test
    void refusesAMissingOrNonPositiveDuration() {
        assertThatThrownBy(() -> PhaseSettings.parse(new String[]{"--overload-seconds"}))
                .hasMessageContaining("--overload-seconds needs a value");
        assertThatThrownBy(() -> PhaseSettings.parse(new String[]{"--kill-seconds", "0"}))
                .hasMessageContaining("--kill-seconds must be at least 1");
        assertThatThrownBy(() -> PhaseSettings.parse(new String[]{"--drain-seconds", "soon"}))
                .hasMessageContaining("--drain-seconds needs a whole number");
    }
}
