package io.fleetdeck.console.cli;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExportTimesTest {
    private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void readsNowAndTimesRelativeToIt() {
        assertThat(ExportTimes.parse("now", NOW, BERLIN)).isEqualTo(NOW.toEpochMilli());
        assertThat(ExportTimes.parse("-30m", NOW, BERLIN)).isEqualTo(NOW.minusSeconds(1800).toEpochMilli());
        assertThat(ExportTimes.parse("-1h", NOW, BERLIN)).isEqualTo(NOW.minusSeconds(3600).toEpochMilli());
        assertThat(ExportTimes.parse("-7d", NOW, BERLIN)).isEqualTo(NOW.minusSeconds(7 * 86_400).toEpochMilli());
        assertThat(ExportTimes.parse("-250ms", NOW, BERLIN)).isEqualTo(NOW.toEpochMilli() - 250);
    }

    @Test
    void readsInstantsOffsetsAndLocalTimesInTheGivenZone() {
        assertThat(ExportTimes.parse("2026-11-01T08:00:00Z", NOW, BERLIN))
                .isEqualTo(Instant.parse("2026-11-01T08:00:00Z").toEpochMilli());
        assertThat(ExportTimes.parse("2026-11-01T09:00:00+01:00", NOW, BERLIN))
                .isEqualTo(Instant.parse("2026-11-01T08:00:00Z").toEpochMilli());
        assertThat(ExportTimes.parse("2026-11-01T09:00", NOW, BERLIN))
                .isEqualTo(Instant.parse("2026-11-01T08:00:00Z").toEpochMilli());
        assertThat(ExportTimes.parse("2026-11-01 09:00:00.5", NOW, BERLIN))
                .isEqualTo(Instant.parse("2026-11-01T08:00:00.500Z").toEpochMilli());
        assertThat(ExportTimes.parse("2026-11-01", NOW, BERLIN))
                .isEqualTo(Instant.parse("2026-10-31T23:00:00Z").toEpochMilli());
        assertThat(ExportTimes.parse("1793520000000", NOW, BERLIN)).isEqualTo(1793520000000L);
    }

    @Test
    void refusesAnythingElseNamingTheFormsItTakes() {
        assertThatThrownBy(() -> ExportTimes.parse("+1h", NOW, BERLIN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-30m");
        assertThatThrownBy(() -> ExportTimes.parse("2026-13-01", NOW, BERLIN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
