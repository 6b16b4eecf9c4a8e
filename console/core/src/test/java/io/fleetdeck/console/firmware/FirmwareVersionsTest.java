package io.fleetdeck.console.firmware;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class FirmwareVersionsTest {
    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "fleetdeck-1.4.2-rpi4, 1.4.2",
            "fleetdeck-v2.0-rpi5, 2.0",
            "fw_1.2.3-rc1, 1.2.3-rc1",
            "2025-11-19-raspios-bookworm-arm64-lite, none",
            "custom-rpi4, none",
            "image-20251122, none",
    })
    void guessesTheVersionFromTheFileName(String stem, String expected) {
        assertThat(FirmwareVersions.guess(stem).orElse(null)).isEqualTo(expected);
    }
}
