package io.fleetdeck.console.history.chunk;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RiceCodeTest {
    @Test
    void zigzagMapsSmallMagnitudesToSmallNumbersAndBack() {
        assertThat(RiceCode.zigzag(0)).isZero();
        assertThat(RiceCode.zigzag(-1)).isEqualTo(1);
        assertThat(RiceCode.zigzag(1)).isEqualTo(2);
        for (long value : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, -12345, 98765}) {
            assertThat(RiceCode.unzigzag(RiceCode.zigzag(value))).isEqualTo(value);
        }
    }

    @Test
    void roundTripsNumbersOfEveryMagnitudeWithEveryParameter() {
        Random random = new Random(1);
        for (int k = 0; k < 64; k++) {
            long[] numbers = new long[300];
            for (int i = 0; i < numbers.length; i++) {
                numbers[i] = random.nextLong() >>> random.nextInt(64);
            }
            numbers[0] = 0;
            numbers[1] = -1;
            BitWriter out = new BitWriter(16);
            for (long number : numbers) {
                RiceCode.write(out, number, k);
            }
            byte[] bytes = new byte[out.byteLength()];
            out.copyTo(bytes, 0);
            BitReader in = new BitReader(bytes, 0, bytes.length, "test section");

            for (long number : numbers) {
                assertThat(RiceCode.read(in, k, bytes)).as("k = %d", k).isEqualTo(number);
            }
            assertThat(in.atEnd()).isTrue();
            assertThat(out.byteLength()).isEqualTo((RiceCode.cost(numbers, numbers.length, k) + 7) / 8);
        }
    }

    @Test
    void choosesOneBitPerNumberForMostlyZerosDespiteAHugeOutlier() {
        long[] numbers = new long[1000];
        numbers[500] = RiceCode.zigzag(5 * 3_600_000L);

        assertThat(RiceCode.bestParameter(numbers, numbers.length)).isZero();
    }

    @Test
    void choosesTheCheapestParameterForSpreadNumbers() {
        Random random = new Random(2);
        long[] numbers = new long[2000];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = RiceCode.zigzag(Math.round(random.nextGaussian() * 200));
        }

        int chosen = RiceCode.bestParameter(numbers, numbers.length);

        long chosenCost = RiceCode.cost(numbers, numbers.length, chosen);
        for (int k = 0; k < 64; k++) {
            assertThat(chosenCost).as("k = %d", k).isLessThanOrEqualTo(RiceCode.cost(numbers, numbers.length, k));
        }
    }
}
