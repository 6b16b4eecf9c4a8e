package io.fleetdeck.console.export;

import java.util.OptionalLong;

/**
 * How far an export is.
 *
 * @param written        readings written so far
 * @param estimatedTotal readings the export may reach, when the source can count cheaply: an upper bound (it counts
 *                       whole devices, not the time range), absent when unknown or when only some sensors are taken
 */
public record ExportProgress(long written, OptionalLong estimatedTotal) {
}
