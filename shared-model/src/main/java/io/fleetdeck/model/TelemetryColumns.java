package io.fleetdeck.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoded telemetry batch as columns: readings grouped by sensor (sensors in order of first appearance, each
 * sensor's readings in the order sent), timestamps and values in primitive arrays. It is what the compact encoding
 * carries, and it lets a consumer that stores or charts per sensor skip the {@link Reading} objects of
 * {@link TelemetryBatch}. Immutable once built; every value was validated as {@link Reading} and
 * {@link TelemetryBatch} would validate it.
 *
 * <p>Readings are addressed by index {@code 0 .. readingCount()-1}; sensor group {@code g} holds the indices
 * {@code start(g) .. end(g)-1}.
 */
public final class TelemetryColumns {
    private final int v;
    private final long seq;
    private final String[] sensors;
    private final int[] starts;
    private final long[] timestamps;
    private final double[] values;

    /** Takes the arrays without copying; {@code starts} has one more entry than {@code sensors}. */
    TelemetryColumns(int v, long seq, String[] sensors, int[] starts, long[] timestamps, double[] values) {
        this.v = v;
        this.seq = seq;
        this.sensors = sensors;
        this.starts = starts;
        this.timestamps = timestamps;
        this.values = values;
    }

    /** The batch's readings regrouped by sensor, as the compact encoding sends them. */
    public static TelemetryColumns of(TelemetryBatch batch) {
        List<Reading> readings = batch.readings();
        Map<String, Integer> groupOf = new LinkedHashMap<>();
        int[] groupOfReading = new int[readings.size()];
        int[] counts = new int[readings.size()];
        for (int i = 0; i < readings.size(); i++) {
            int group = groupOf.computeIfAbsent(readings.get(i).sensor(), s -> groupOf.size());
            groupOfReading[i] = group;
            counts[group]++;
        }
        int groups = groupOf.size();
        int[] starts = new int[groups + 1];
        for (int g = 0; g < groups; g++) {
            starts[g + 1] = starts[g] + counts[g];
        }
        int[] next = Arrays.copyOf(starts, groups);
        long[] timestamps = new long[readings.size()];
        double[] values = new double[readings.size()];
        for (int i = 0; i < readings.size(); i++) {
            int at = next[groupOfReading[i]]++;
            timestamps[at] = readings.get(i).ts();
            values[at] = readings.get(i).value();
        }
        return new TelemetryColumns(batch.v(), batch.seq(), groupOf.keySet().toArray(String[]::new), starts,
                timestamps, values);
    }

    /** Protocol version. */
    public int v() {
        return v;
    }

    /** The batch's sequence number, as in {@link TelemetryBatch#seq()}. */
    public long seq() {
        return seq;
    }

    /** Distinct sensors in the batch. */
    public int sensorCount() {
        return sensors.length;
    }

    /** The id of sensor group {@code group}. */
    public String sensor(int group) {
        return sensors[group];
    }

    /** First reading index of sensor group {@code group}. */
    public int start(int group) {
        return starts[group];
    }

    /** One past the last reading index of sensor group {@code group}. */
    public int end(int group) {
        return starts[group + 1];
    }

    /** Readings in the batch, 1 to {@link TelemetryBatch#MAX_READINGS}. */
    public int readingCount() {
        return starts[sensors.length];
    }

    /** Epoch milliseconds of reading {@code index}. */
    public long timestamp(int index) {
        return timestamps[checked(index)];
    }

    /** The finite value of reading {@code index}. */
    public double value(int index) {
        return values[checked(index)];
    }

    /** The same readings as a {@link TelemetryBatch}, grouped by sensor. */
    public TelemetryBatch toBatch() {
        Reading[] readings = new Reading[readingCount()];
        for (int g = 0; g < sensors.length; g++) {
            for (int i = starts[g]; i < starts[g + 1]; i++) {
                readings[i] = new Reading(sensors[g], timestamps[i], values[i]);
            }
        }
        return new TelemetryBatch(v, seq, List.of(readings));
    }

    private int checked(int index) {
        // The arrays may be longer than the batch: the decoder sizes them from the payload before it knows.
        if (index < 0 || index >= readingCount()) {
            throw new IndexOutOfBoundsException("reading " + index + " of " + readingCount());
        }
        return index;
    }

    @Override
    public String toString() {
        return "TelemetryColumns[v=" + v + ", seq=" + seq + ", sensors=" + Arrays.toString(sensors) + ", readings="
                + readingCount() + "]";
    }
}
