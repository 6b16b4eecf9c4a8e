package io.fleetdeck.console.fleet.ui;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RelativeTimeTest {
    @Test
    void saysHowLongAgoInTheLargestSensibleUnit() {
        long now = 1_764_000_000_000L;
        assertThat(RelativeTime.ago(0, now)).isEqualTo("never");
        assertThat(RelativeTime.ago(now - 500, now)).isEqualTo("just now");
        assertThat(RelativeTime.ago(now - 12_000, now)).isEqualTo("12 s ago");
        assertThat(RelativeTime.ago(now - 5 * 60_000, now)).isEqualTo("5 min ago");
        assertThat(RelativeTime.ago(now - 3 * 3_600_000L, now - 1)).isEqualTo("2 h ago");
        assertThat(RelativeTime.ago(now + 5_000, now)).as("device clock ahead").isEqualTo("just now");
    }

    @Test
    void formatsValuesWithTheirUnits() {
        assertThat(ReadingFormat.value(21.5678, "°C")).isEqualTo("21.57°C");
        assertThat(ReadingFormat.value(1013.25, "hPa")).isEqualTo("1013.3 hPa");
        assertThat(ReadingFormat.value(1, "")).isEqualTo("1");
        assertThat(ReadingFormat.value(45.0, "%")).isEqualTo("45%");
    }
}
