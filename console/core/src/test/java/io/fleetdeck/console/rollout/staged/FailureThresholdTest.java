package io.fleetdeck.console.rollout.staged;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailureThresholdTest {
    @Test
    void aCountToleratesThatManyFailures() {
        FailureThreshold two = FailureThreshold.parse("2");

        assertThat(two.exceededBy(2, 2)).isFalse();
        assertThat(two.exceededBy(3, 10)).isTrue();
        assertThat(FailureThreshold.none().exceededBy(1, 1)).isTrue();
        assertThat(FailureThreshold.none().exceededBy(0, 5)).isFalse();
    }

    @Test
    void aShareIsOfTheInstallsThatEnded() {
        FailureThreshold fifth = FailureThreshold.parse("20%");

        assertThat(fifth.exceededBy(1, 5)).isFalse();
        assertThat(fifth.exceededBy(2, 5)).isTrue();
        assertThat(fifth.exceededBy(1, 1)).as("a failed canary is 100 %").isTrue();
        assertThat(fifth.text()).isEqualTo("20%");
    }

    @Test
    void refusesWhatIsNoCountOrShare() {
        assertThatThrownBy(() -> FailureThreshold.parse("many")).isInstanceOf(StagePlanException.class)
                .hasMessageContaining("'many'");
        assertThatThrownBy(() -> FailureThreshold.parse("-1")).isInstanceOf(StagePlanException.class);
        assertThatThrownBy(() -> FailureThreshold.parse("101%")).isInstanceOf(StagePlanException.class);
    }
}
