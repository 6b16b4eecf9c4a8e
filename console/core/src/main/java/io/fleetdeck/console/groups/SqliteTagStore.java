package io.fleetdeck.console.groups;

import io.fleetdeck.console.storage.FleetDatabase;
import io.fleetdeck.model.DeviceId;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/** The operator's tag changes per device in the {@code device_tags} table of {@code fleet.db}. */
final class SqliteTagStore {
    private final FleetDatabase database;

    SqliteTagStore(FleetDatabase database) {
        this.database = database;
    }

    /** Every device the operator changed tags of. */
    Map<DeviceId, TagOverrides> all() {
        return database.call("read device tags", db -> {
            Map<DeviceId, TreeSet<String>> added = new HashMap<>();
            Map<DeviceId, TreeSet<String>> removed = new HashMap<>();
            try (PreparedStatement select = db.prepareStatement("SELECT device, tag, added FROM device_tags");
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    DeviceId device = DeviceId.of(row.getString(1));
                    added.computeIfAbsent(device, d -> new TreeSet<>());
                    removed.computeIfAbsent(device, d -> new TreeSet<>());
                    (row.getInt(3) == 1 ? added : removed).get(device).add(row.getString(2));
                }
            }
            Map<DeviceId, TagOverrides> all = new HashMap<>();
            added.forEach((device, tags) -> all.put(device, new TagOverrides(tags, removed.get(device))));
            return all;
        });
    }

    TagOverrides of(DeviceId device) {
        return database.call("read the tags of " + device, db -> {
            TreeSet<String> added = new TreeSet<>();
            TreeSet<String> removed = new TreeSet<>();
            try (PreparedStatement select = db.prepareStatement(
                    "SELECT tag, added FROM device_tags WHERE device = ?")) {
                select.setString(1, device.value());
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        (row.getInt(2) == 1 ? added : removed).add(row.getString(1));
                    }
                }
            }
            return new TagOverrides(added, removed);
        });
    }

    /** Replaces the changes stored for {@code device} with {@code overrides}, in one transaction. */
    void replace(DeviceId device, TagOverrides overrides) {
        database.inTransaction("store the tags of " + device, db -> {
            try (PreparedStatement delete = db.prepareStatement("DELETE FROM device_tags WHERE device = ?");
                 PreparedStatement insert = db.prepareStatement(
                         "INSERT INTO device_tags (device, tag, added) VALUES (?, ?, ?)")) {
                delete.setString(1, device.value());
                delete.executeUpdate();
                for (String tag : overrides.added()) {
                    insert.setString(1, device.value());
                    insert.setString(2, tag);
                    insert.setInt(3, 1);
                    insert.addBatch();
                }
                for (String tag : overrides.removed()) {
                    insert.setString(1, device.value());
                    insert.setString(2, tag);
                    insert.setInt(3, 0);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }
}
