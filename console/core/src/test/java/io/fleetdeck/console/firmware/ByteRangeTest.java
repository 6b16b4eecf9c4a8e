package io.fleetdeck.console.firmware;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ByteRangeTest {
    @Test
    void openEndedRangeRunsToTheLastByte() {
        assertThat(ByteRange.parse(Optional.of("bytes=100-"), 1000))
                .isEqualTo(new ByteRange.Part(new ByteRange(100, 999)));
    }

    @Test
    void closedRangeIsClippedToTheFile() {
        assertThat(ByteRange.parse(Optional.of("bytes=10-5000"), 1000))
                .isEqualTo(new ByteRange.Part(new ByteRange(10, 999)));
    }

    @Test
    void suffixRangeTakesTheLastBytes() {
        assertThat(ByteRange.parse(Optional.of("bytes=-10"), 1000))
                .isEqualTo(new ByteRange.Part(new ByteRange(990, 999)));
    }

    @Test
    void startAtOrPastTheEndIsUnsatisfiable() {
        assertThat(ByteRange.parse(Optional.of("bytes=1000-"), 1000)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void severalRangesOrOtherUnitsGetTheWholeFile() {
        assertThat(ByteRange.parse(Optional.of("bytes=0-1,5-6"), 1000)).isInstanceOf(ByteRange.Whole.class);
        assertThat(ByteRange.parse(Optional.of("items=0-1"), 1000)).isInstanceOf(ByteRange.Whole.class);
        assertThat(ByteRange.parse(Optional.empty(), 1000)).isInstanceOf(ByteRange.Whole.class);
    }
}
