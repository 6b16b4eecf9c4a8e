package io.fleetdeck.console.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads the chunk rows of a history file directly, for tests that check the storage shape. */
record StoredChunks(List<Row> rows) {

    record Row(String device, String sensor, long startTs, long endTs, int count) {
    }

    static StoredChunks of(Path file) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement select = connection.prepareStatement("""
                     SELECT d.device_id, s.sensor_id, c.start_ts, c.end_ts, c.count FROM chunks c
                     JOIN sensors s ON s.sensor_key = c.sensor_key JOIN devices d ON d.device_key = s.device_key
                     ORDER BY d.device_id, s.sensor_id, c.start_ts, c.chunk_id""");
             ResultSet result = select.executeQuery()) {
            while (result.next()) {
                rows.add(new Row(result.getString(1), result.getString(2), result.getLong(3), result.getLong(4),
                        result.getInt(5)));
            }
        }
        return new StoredChunks(rows);
    }

    List<Row> of(String sensor) {
        return rows.stream().filter(row -> row.sensor().equals(sensor)).toList();
    }
}
