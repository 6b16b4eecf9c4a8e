package io.fleetdeck.console.groups;

import io.fleetdeck.console.storage.FleetDatabase;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Saved groups in the {@code device_groups} table of {@code fleet.db}; tags are stored comma-joined. */
final class SqliteGroupStore {
    private final FleetDatabase database;
    private final Clock clock;

    SqliteGroupStore(FleetDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Every group, by name. */
    List<DeviceGroup> all() {
        return database.call("read saved groups", db -> {
            List<DeviceGroup> groups = new ArrayList<>();
            try (PreparedStatement select = db.prepareStatement(
                    "SELECT name, tags, model, firmware FROM device_groups ORDER BY name COLLATE NOCASE");
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    groups.add(read(row));
                }
            }
            return groups;
        });
    }

    Optional<DeviceGroup> get(String name) {
        return database.call("read group " + name, db -> {
            try (PreparedStatement select = db.prepareStatement(
                    "SELECT name, tags, model, firmware FROM device_groups WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(read(row)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Inserts or replaces the group of that name; returns the one it replaced (for the audit). One statement, not a
     * read-then-write transaction: with another process writing {@code fleet.db} (deploy, tag), a read transaction
     * that turns into a write may be refused (SQLITE_BUSY) instead of waiting.
     */
    Optional<DeviceGroup> save(DeviceGroup group) {
        Optional<DeviceGroup> before = get(group.name());
        database.call("save group " + group.name(), db -> {
            try (PreparedStatement upsert = db.prepareStatement("INSERT OR REPLACE INTO device_groups "
                    + "(name, tags, model, firmware, updated_ms) VALUES (?, ?, ?, ?, ?)")) {
                upsert.setString(1, group.name());
                upsert.setString(2, String.join(",", group.filter().tags()));
                upsert.setString(3, group.filter().model().orElse(null));
                upsert.setString(4, group.filter().firmware().orElse(null));
                upsert.setLong(5, clock.millis());
                return upsert.executeUpdate();
            }
        });
        return before;
    }

    /** Deletes the group; false when there was none of that name. */
    boolean delete(String name) {
        return database.call("delete group " + name, db -> {
            try (PreparedStatement delete = db.prepareStatement("DELETE FROM device_groups WHERE name = ?")) {
                delete.setString(1, name);
                return delete.executeUpdate() > 0;
            }
        });
    }

    private static DeviceGroup read(ResultSet row) throws java.sql.SQLException {
        String tags = row.getString(2);
        return new DeviceGroup(row.getString(1), GroupFilter.of(tags.isEmpty() ? List.of()
                : List.of(tags.split(",")), Optional.ofNullable(row.getString(3)),
                Optional.ofNullable(row.getString(4))));
    }
}
