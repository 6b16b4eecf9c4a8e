package io.fleetdeck.console.history;

import io.fleetdeck.console.history.chunk.ChunkCodec;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The slow path for readings at or before a sensor's newest stored timestamp: an out-of-order batch, or a device
 * re-sending what it was not sure got stored (after a console kill -9 the open chunk's state is gone). Readings
 * whose timestamp is already stored are duplicates; the rest go into extra chunks, which may overlap the others in
 * time. Writer thread only.
 */
final class LateReadings {
    private final PreparedStatement overlapping;
    private long[] stored = new long[1024];
    private int storedCount;

    LateReadings(Connection connection) throws SQLException {
        this.overlapping = connection.prepareStatement(
                "SELECT blob FROM chunks WHERE sensor_key = ? AND end_ts >= ? AND start_ts <= ?");
    }

    /**
     * Stores those of the first {@code count} readings (sorted, no equal timestamps) that the file does not have yet.
     *
     * @return the readings stored; the others were duplicates
     */
    int store(long sensorKey, long[] ts, double[] values, int count, ChunkStatements statements, ChunkIds ids)
            throws SQLException {
        loadStoredTimestamps(sensorKey, ts[0], ts[count - 1]);
        long[] newTs = new long[count];
        double[] newValues = new double[count];
        int fresh = 0;
        for (int i = 0; i < count; i++) {
            if (Arrays.binarySearch(stored, 0, storedCount, ts[i]) < 0) {
                newTs[fresh] = ts[i];
                newValues[fresh] = values[i];
                fresh++;
            }
        }
        if (fresh > 0) {
            statements.insertSplit(sensorKey, newTs, newValues, 0, fresh, ids);
        }
        return fresh;
    }

    private void loadStoredTimestamps(long sensorKey, long fromMs, long toMs) throws SQLException {
        storedCount = 0;
        overlapping.setLong(1, sensorKey);
        overlapping.setLong(2, fromMs);
        overlapping.setLong(3, toMs);
        try (ResultSet rows = overlapping.executeQuery()) {
            while (rows.next()) {
                ChunkCodec.decode(rows.getBytes(1), fromMs, toMs, (ts, value) -> {
                    if (storedCount == stored.length) {
                        stored = Arrays.copyOf(stored, storedCount * 2);
                    }
                    stored[storedCount++] = ts;
                });
            }
        }
        // Overlapping chunks interleave.
        Arrays.sort(stored, 0, storedCount);
    }
}
