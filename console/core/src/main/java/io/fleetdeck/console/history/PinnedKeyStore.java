package io.fleetdeck.console.history;

import io.fleetdeck.console.broker.auth.PasswordHash;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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

    /**
     * Adopted devices that handed over a broker password, with its hash; the broker admits them with it. Pins from
     * before adoption issued passwords have none: those devices show up as not adopted until adopted again.
     */
    public synchronized Map<DeviceId, PasswordHash> brokerPasswords() {
        Map<DeviceId, PasswordHash> passwords = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT device_id, broker_password FROM pinned_keys WHERE broker_password IS NOT NULL");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                try {
                    passwords.put(DeviceId.of(rows.getString(1)), PasswordHash.parse(rows.getString(2)));
                } catch (IllegalArgumentException e) {
                    log.warn("Ignoring a damaged broker password row in {}: {}", file, e.getMessage());
                }
            }
            return passwords;
        } catch (SQLException e) {
            throw new HistoryQueryException(file, "broker passwords", e);
        }
    }

    /** The hash of the broker password {@code device} handed over at adoption, if it was adopted with one. */
    public synchronized Optional<PasswordHash> brokerPassword(DeviceId device) {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT broker_password FROM pinned_keys WHERE device_id = ? AND broker_password IS NOT NULL")) {
            select.setString(1, device.value());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(PasswordHash.parse(rows.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new HistoryQueryException(file, "broker password", e);
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring a damaged broker password of {} in {}: {}", device, file, e.getMessage());
            return Optional.empty();
        }
    }

    /** The public key adoption pinned for {@code device}, to check what it signs. */
    public synchronized Optional<PublicKey> publicKey(DeviceId device) {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT public_key FROM pinned_keys WHERE device_id = ? AND public_key IS NOT NULL")) {
            select.setString(1, device.value());
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(KeyFactory.getInstance("Ed25519")
                        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(rows.getString(1)))));
            }
        } catch (SQLException e) {
            throw new HistoryQueryException(file, "device public key", e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            log.warn("Ignoring a damaged public key of {} in {}: {}", device, file, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Adoption: trusts {@code key} for {@code device} from now on and admits it to the broker with the password whose
     * hash is {@code password}, replacing any earlier pin.
     */
    public synchronized void adopt(DeviceId device, PublicKey key, PasswordHash password, long nowMs) {
        KeyFingerprint fingerprint = KeyFingerprint.of(key);
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO pinned_keys (device_id, fingerprint, pinned_at_ms, public_key, broker_password)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (device_id) DO UPDATE SET fingerprint = excluded.fingerprint,
                                                      pinned_at_ms = excluded.pinned_at_ms,
                                                      public_key = excluded.public_key,
                                                      broker_password = excluded.broker_password""")) {
            upsert.setString(1, device.value());
            upsert.setString(2, fingerprint.value());
            upsert.setLong(3, nowMs);
            upsert.setString(4, Base64.getEncoder().encodeToString(key.getEncoded()));
            upsert.setString(5, password.encoded());
            upsert.executeUpdate();
            log.info("Pinned key {} for device {}, with its broker password", fingerprint, device);
        } catch (SQLException e) {
            throw new HistoryWriteException(file, String.valueOf(e.getErrorCode()), false, e);
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
