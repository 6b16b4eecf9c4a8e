package io.fleetdeck.console.firmware;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Guesses a release version from an image's file name; the operator can correct it before release. */
final class FirmwareVersions {
    /**
     * Dotted numbers with at least two parts and an optional pre-release tag, not glued to other digits or letters, so
     * {@code rpi4} or a date like {@code 20251122} is not taken for a version but {@code v1.4.2-rc1} gives
     * {@code 1.4.2-rc1}.
     */
    private static final Pattern VERSION = Pattern.compile(
            "(?<![0-9A-Za-z.])v?(\\d+(?:\\.\\d+){1,3}(?:-(?:rc|beta|alpha|dev)\\.?\\d*)?)(?![0-9.])");

    private FirmwareVersions() {
    }

    static Optional<String> guess(String fileNameStem) {
        Matcher matcher = VERSION.matcher(fileNameStem);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
