package io.fleetdeck.console.export;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A finished export.
 *
 * @param file     where it is, for an export into a file (none for a stream such as standard output)
 * @param readings readings written
 * @param sensors  sensors scanned (with or without readings in the range)
 */
public record ExportResult(Optional<Path> file, long readings, int sensors) {
}
