package io.fleetdeck.console.history.chunk;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScaledDecimalValuesTest {
    @Test
    void findsTheFewestDecimalsThatHoldEveryValue() {
        long[] scaled = new long[4];

        assertThat(ScaledDecimalValues.decimals(new double[] {21.37, 21.4, 22, -3.05}, 4, scaled)).isEqualTo(2);
        assertThat(scaled).containsExactly(2137, 2140, 2200, -305);
        assertThat(ScaledDecimalValues.decimals(new double[] {1013.2, 1013.3}, 2, scaled)).isEqualTo(1);
        assertThat(ScaledDecimalValues.decimals(new double[] {7, -12, 0}, 3, scaled)).isZero();
        assertThat(ScaledDecimalValues.decimals(new double[] {0.000001, 1}, 2, scaled)).isEqualTo(6);
    }

    @Test
    void rechecksEarlierValuesWhenALaterOneNeedsMoreDecimals() {
        long[] scaled = new long[3];

        assertThat(ScaledDecimalValues.decimals(new double[] {1.5, 2.25, 3.125}, 3, scaled)).isEqualTo(3);
        assertThat(scaled).containsExactly(1500, 2250, 3125);
    }

    @Test
    void refusesValuesThatAreNotShortDecimals() {
        long[] scaled = new long[2];

        assertThat(ScaledDecimalValues.decimals(new double[] {1, Math.PI}, 2, scaled)).isEqualTo(-1);
        assertThat(ScaledDecimalValues.decimals(new double[] {1, 0.0000001}, 2, scaled)).isEqualTo(-1);
        assertThat(ScaledDecimalValues.decimals(new double[] {1, -0.0}, 2, scaled)).isEqualTo(-1);
        assertThat(ScaledDecimalValues.decimals(new double[] {1, Double.MIN_VALUE}, 2, scaled)).isEqualTo(-1);
        assertThat(ScaledDecimalValues.decimals(new double[] {1, 1e300}, 2, scaled)).isEqualTo(-1);
    }
}
