package io.fleetdeck.console.rollout.staged;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StagePlanTest {
    @Test
    void readsCountsSharesAndRest() {
        StagePlan plan = StagePlan.parse("1, 10% ,REST");

        assertThat(plan.stages()).containsExactly(new StageSize.Count(1), new StageSize.Percent(10),
                new StageSize.Rest());
        assertThat(plan.text()).isEqualTo("1,10%,rest");
    }

    @Test
    void addsRestWhenThePlanDoesNotEndWithIt() {
        assertThat(StagePlan.parse("1,5").text()).isEqualTo("1,5,rest");
    }

    @Test
    void aShareRoundsUpSoAStageNeverVanishes() {
        assertThat(new StageSize.Percent(10).of(3)).isEqualTo(1);
        assertThat(new StageSize.Percent(10).of(25)).isEqualTo(3);
        assertThat(new StageSize.Count(5).of(2)).isEqualTo(2);
    }

    @Test
    void refusesRestBeforeTheLastStageAndNamesWhatItCannotRead() {
        assertThatThrownBy(() -> StagePlan.parse("rest,1")).isInstanceOf(StagePlanException.class)
                .hasMessageContaining("only the last stage can be rest");
        assertThatThrownBy(() -> StagePlan.parse("1,ten")).isInstanceOf(StagePlanException.class)
                .hasMessageContaining("'ten'");
        assertThatThrownBy(() -> StagePlan.parse("0")).isInstanceOf(StagePlanException.class)
                .hasMessageContaining("at least one device");
        assertThatThrownBy(() -> StagePlan.parse("150%")).hasMessageContaining("1% to 100%");
    }
}
