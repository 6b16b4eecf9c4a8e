package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.console.firmware.FirmwareImage;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One image of the firmware library as the pane lists it.
 *
 * @param id       library key, what a drag from the pane carries
 * @param name     the file name it was imported from
 * @param version  its version, empty when none could be guessed yet
 * @param models   the boards it is for, "any" when not said
 * @param format   its container, e.g. "img.xz"
 * @param sizes    "312 MB img.xz · 2.1 GB raw"
 * @param sha      short SHA-256 of the raw image
 * @param shaFull  the whole SHA-256, for the tooltip
 * @param imported local import time
 */
public record LibraryRow(long id, String name, String version, String models, String format, String sizes,
                         String sha, String shaFull, String imported) {
    private static final DateTimeFormatter IMPORTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    static LibraryRow of(FirmwareImage image, ZoneId zone) {
        return new LibraryRow(image.id(), image.name(), image.version().orElse(""),
                image.models().isEmpty() ? "any" : String.join(", ", image.models()), image.format().extension(),
                Quantities.bytes(image.compressedSize()) + " · " + Quantities.bytes(image.rawSize()) + " raw",
                Quantities.shortSha(image.rawSha256()), image.rawSha256(),
                IMPORTED.format(image.importedAt().atZone(zone)));
    }
}
