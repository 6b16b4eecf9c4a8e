package io.fleetdeck.console.history;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The device keys the operator trusts, in the history file's {@code pinned_keys} table. Rare, small writes on a
 * connection of its own; the busy timeout lets them wait for the telemetry writer's commit. Blocking: call it off the
 * FX thread.
 */
public final class PinnedKeyStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PinnedKeyStore.class);

    private final Path file;
    private final Connection connection;

    private PinnedKeyStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens the table in a history file that {@link SqliteReadingStore#open} has already migrated. */
    public static PinnedKeyStore open(Path file) {
        try {
            return new PinnedKeyStore(file, SqliteConnections.openWriter(file));
        } catch (SQLException e) {
            throw new HistoryOpenException(file, "cannot open pinned keys: " + e.getMessage(), e);
        }
    }

    public synchronized Map<DeviceId, KeyFingerprint> all() {
        Map<DeviceId, KeyFingerprint> pinned = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT device_id, fingerprint FROM pinned_keys ORDER BY device_id");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                try {
                    pinned.put(DeviceId.of(rows.getString(1)), new KeyFingerprint(rows.getString(2)));
                } catch (IllegalArgumentException e) {
                    log.warn("Ignoring a damaged pinned key row in {}: {}", file, e.getMessage());
                }
            }
            return pinned;
        } catch (SQLException e) {
            throw new HistoryQueryException(file, "pinned keys", e);
        }
    }

    /** Trusts {@code fingerprint} for {@code device} from now on, replacing any earlier pin. */
    public synchronized void pin(DeviceId device, KeyFingerprint fingerprint, long nowMs) {
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO pinned_keys (device_id, fingerprint, pinned_at_ms) VALUES (?, ?, ?)
                ON CONFLICT (device_id) DO UPDATE SET fingerprint = excluded.fingerprint,
                                                      pinned_at_ms = excluded.pinned_at_ms""")) {
            upsert.setString(1, device.value());
            upsert.setString(2, fingerprint.value());
            upsert.setLong(3, nowMs);
            upsert.executeUpdate();
            log.info("Pinned key {} for device {}", fingerprint, device);
        } catch (SQLException e) {
            throw new HistoryWriteException(file, String.valueOf(e.getErrorCode()), false, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("Closing pinned keys of {} failed", file, e);
        }
    }
}
