package io.fleetdeck.console.record;

/**
 * One sensor as the record's summary lists it.
 *
 * @param label the sensor's label and unit as the device describes it; its id when it never did
 * @param csv   the entry with its readings
 * @param chart the entry with its chart
 */
record SensorSummary(SensorRef sensor, String label, String unit, String csv, String chart, long count, double min,
                     double max, double mean) {
}
