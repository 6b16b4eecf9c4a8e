package io.fleetdeck.console.charts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChartGapsTest {

    @Test
    void breaksTheLineHalfwayAcrossEveryGapWiderThanTheLimit() {
        double[][] broken = ChartGaps.withBreaks(Double.NaN, new double[] {10, 11, 12, 30, 31, 40},
                new double[] {1, 2, 3, 4, 5, 6}, 5);

        assertThat(broken[0]).containsExactly(10, 11, 12, 21, 30, 31, 35.5, 40);
        assertThat(broken[1]).containsExactly(1, 2, 3, Double.NaN, 4, 5, Double.NaN, 6);
    }

    @Test
    void aGapSinceTheLastPointDrawnBreaksTooAndNoGapGivesTheSameArrays() {
        double[] xs = {100, 101};
        double[] ys = {1, 2};

        assertThat(ChartGaps.withBreaks(50, xs, ys, 5)[1]).containsExactly(Double.NaN, 1, 2);
        double[][] same = ChartGaps.withBreaks(99, xs, ys, 5);
        assertThat(same[0]).isSameAs(xs);
        assertThat(same[1]).isSameAs(ys);
    }

    @Test
    void theGapScalesWithTheSamplingPeriodAndWithHowCoarseTheHistoryIs() {
        assertThat(ChartGaps.liveGapSeconds(10)).isEqualTo(ChartGaps.MIN_GAP_SECONDS);
        assertThat(ChartGaps.liveGapSeconds(1000)).isEqualTo(5.0);
        assertThat(ChartGaps.liveGapSeconds(0)).isEqualTo(ChartGaps.MIN_GAP_SECONDS);
        // 1 h in 2,000 points: 1,000 columns of 3.6 s; three columns make the gap.
        assertThat(ChartGaps.historyGapSeconds(1000, 3600, 2000))
                .isCloseTo(10.8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ChartGaps.historyGapSeconds(1000, 300, 2000)).isEqualTo(5.0);
    }
}
