package io.fleetdeck.console.history;

import io.fleetdeck.model.DeviceId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The integer keys readings are stored under, looked up once and then cached: a device's {@code device_key} and a
 * sensor's {@code sensor_key}, each row created when it is missing. Writer thread only.
 */
final class RowKeys {
    private final Connection connection;
    private final Map<DeviceId, Long> deviceKeys = new HashMap<>();
    private final Map<SensorName, Long> sensorKeys = new HashMap<>();

    private record SensorName(long deviceKey, String sensor) {
    }

    RowKeys(Connection connection) {
        this.connection = connection;
    }

    /** The device's key, creating a bare row (no info yet) when readings arrive first. */
    long deviceKey(DeviceId device) throws SQLException {
        Long cached = deviceKeys.get(device);
        if (cached != null) {
            return cached;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO devices(device_id) VALUES (?) ON CONFLICT(device_id) DO NOTHING");
             PreparedStatement select = connection.prepareStatement(
                     "SELECT device_key FROM devices WHERE device_id = ?")) {
            insert.setString(1, device.value());
            insert.executeUpdate();
            select.setString(1, device.value());
            long key = singleLong(select);
            deviceKeys.put(device, key);
            return key;
        }
    }

    /** The sensor's key; a sensor the device never announced still gets a row, since history must not lose data. */
    long sensorKey(long deviceKey, String sensor) throws SQLException {
        SensorName name = new SensorName(deviceKey, sensor);
        Long cached = sensorKeys.get(name);
        if (cached != null) {
            return cached;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO sensors(device_key, sensor_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
             PreparedStatement select = connection.prepareStatement(
                     "SELECT sensor_key FROM sensors WHERE device_key = ? AND sensor_id = ?")) {
            insert.setLong(1, deviceKey);
            insert.setString(2, sensor);
            insert.executeUpdate();
            select.setLong(1, deviceKey);
            select.setString(2, sensor);
            long key = singleLong(select);
            sensorKeys.put(name, key);
            return key;
        }
    }

    /** After a rollback: the keys cached during the failed transaction may name rows that no longer exist. */
    void forget() {
        deviceKeys.clear();
        sensorKeys.clear();
    }

    private static long singleLong(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
                throw new SQLException("row vanished after insert");
            }
            return rows.getLong(1);
        }
    }
}
