package io.fleetdeck.console.record;

import java.nio.file.Path;
import java.util.List;

/**
 * A finished session record.
 *
 * @param file     the zip
 * @param entries  the names of its entries, in order
 * @param actions  audit entries in it
 * @param images   firmware images in it
 * @param installs install jobs in it
 * @param sensors  sensors whose telemetry it holds
 * @param readings telemetry readings in it
 */
public record SessionRecordResult(Path file, List<String> entries, int actions, int images, int installs,
                                  int sensors, long readings) {
    public SessionRecordResult {
        entries = List.copyOf(entries);
    }
}
