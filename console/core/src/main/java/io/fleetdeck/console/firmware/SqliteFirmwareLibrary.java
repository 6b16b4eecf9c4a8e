package io.fleetdeck.console.firmware;

import io.fleetdeck.console.storage.SqliteFiles;
import io.fleetdeck.common.files.DurableFiles;
import io.fleetdeck.console.firmware.FirmwareImportException.Reason;
import io.fleetdeck.console.storage.SqliteQuarantine;
import io.fleetdeck.model.FirmwareManifest;
import io.fleetdeck.model.ImageFormat;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.ProtocolVersion;
import io.fleetdeck.model.SignedManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The firmware library in {@code <data>/firmware.db} with the images in {@code <data>/firmware/<raw-sha256>.<ext>}.
 * One connection, guarded by this object: every statement is short, and the long part of an import (reading the image)
 * runs before the lock is taken.
 */
public final class SqliteFirmwareLibrary implements FirmwareLibrary {
    public static final String DATABASE_FILE = "firmware.db";
    public static final String IMAGE_DIR = "firmware";
    private static final Logger log = LoggerFactory.getLogger(SqliteFirmwareLibrary.class);
    private static final String SELECT = "SELECT id, name, version, format, compressed_size, raw_size, raw_sha256, "
            + "imported_at_ms FROM images";

    private final Path databaseFile;
    private final Path imageDir;
    private final Connection connection;
    private final FirmwareImporter importer;
    private final OperatorKey operatorKey;
    private final ManifestSignatures signatures;
    private final Clock clock;
    private final Optional<Path> corruptFileMovedTo;

    private SqliteFirmwareLibrary(Path databaseFile, Path imageDir, Connection connection, OperatorKey operatorKey,
                                  ManifestSignatures signatures, Clock clock, Optional<Path> corruptFileMovedTo) {
        this.databaseFile = databaseFile;
        this.corruptFileMovedTo = corruptFileMovedTo;
        this.imageDir = imageDir;
        this.connection = connection;
        this.importer = new FirmwareImporter(imageDir);
        this.operatorKey = operatorKey;
        this.signatures = signatures;
        this.clock = clock;
    }

    /**
     * Opens (creating if needed) the library in {@code dataDir}. A {@code firmware.db} that fails SQLite's
     * {@code quick_check} is moved aside first ({@link SqliteQuarantine}) and a new, empty library started: the image
     * files stay in {@code firmware/}, and the job table in the same file starts empty too (the devices' retained
     * reports name jobs the console then ignores). Opens the file before the job store does, so the check runs while
     * nothing holds it.
     */
    public static SqliteFirmwareLibrary open(Path dataDir, OperatorKey operatorKey, ManifestSignatures signatures,
                                             Clock clock) {
        Path databaseFile = dataDir.resolve(DATABASE_FILE);
        Path imageDir = dataDir.resolve(IMAGE_DIR);
        try {
            Files.createDirectories(imageDir);
            removeAbandonedImports(imageDir);
            Optional<Path> movedAside = SqliteQuarantine.checkOrMoveAside(databaseFile, clock);
            SQLiteConfig config = SqliteFiles.config();
            config.enforceForeignKeys(true);
            // A library entry points at a file we have already fsynced; FULL keeps the row as durable as the file.
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            Connection connection = SqliteFiles.open(databaseFile, config, FirmwareSchema::migrate);
            return new SqliteFirmwareLibrary(databaseFile, imageDir, connection, operatorKey, signatures, clock,
                    movedAside);
        } catch (SQLException | IOException e) {
            throw new FirmwareLibraryException(databaseFile, "cannot open: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Path> corruptFileMovedTo() {
        return corruptFileMovedTo;
    }

    @Override
    public FirmwareImage importImage(Path source, List<String> models) {
        List<String> targetModels = List.copyOf(models);
        ImportedFile imported = importer.importToTemp(source);
        try {
            return record(imported, targetModels);
        } finally {
            // Published files were moved away; anything still here is a duplicate or a failed insert.
            FirmwareImporter.deleteQuietly(imported.temp());
        }
    }

    private synchronized FirmwareImage record(ImportedFile imported, List<String> models) {
        String sha = imported.digest().rawSha256();
        Path target = imageDir.resolve(sha + "." + imported.format().extension());
        try {
            Optional<FirmwareImage> existing = findBySha(sha);
            if (existing.isPresent()) {
                log.info("{} is already in the library as #{} ({})", imported.source().getFileName(),
                        existing.get().id(), existing.get().name());
                return existing.get();
            }
            DurableFiles.publish(imported.temp(), target);
            String name = imported.source().getFileName().toString();
            Optional<String> version = FirmwareVersions.guess(imported.format().stem(name));
            long importedAtMs = clock.millis();
            long id;
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO images (name, version, format, "
                    + "compressed_size, raw_size, raw_sha256, imported_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, name);
                insert.setString(2, version.orElse(null));
                insert.setString(3, imported.format().name());
                insert.setLong(4, imported.compressedSize());
                insert.setLong(5, imported.digest().rawSize());
                insert.setString(6, sha);
                insert.setLong(7, importedAtMs);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
                writeModels(id, models);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                FirmwareImporter.deleteQuietly(target);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            log.info("Imported {} as #{}: version {}, {} raw bytes, sha256 {}", name, id, version.orElse("unknown"),
                    imported.digest().rawSize(), sha);
            return findById(id).orElseThrow();
        } catch (SQLException | IOException e) {
            throw new FirmwareImportException(Reason.IO, imported.source(), "cannot record it in the library: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<FirmwareImage> images() {
        try (PreparedStatement select = connection.prepareStatement(SELECT + " ORDER BY imported_at_ms DESC, id DESC")) {
            return readAll(select);
        } catch (SQLException e) {
            throw new FirmwareLibraryException(databaseFile, "cannot list images: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<FirmwareImage> image(long id) {
        try {
            return findById(id);
        } catch (SQLException e) {
            throw new FirmwareLibraryException(databaseFile, "cannot read image #" + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized FirmwareImage setVersion(long id, String version) {
        Objects.requireNonNull(version, "version");
        if (version.isBlank() || version.length() > 64) {
            throw new IllegalArgumentException("a version is 1..64 characters, not blank: '" + version + "'");
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE images SET version = ? WHERE id = ?")) {
            update.setString(1, version.strip());
            update.setLong(2, id);
            requireOneRow(update.executeUpdate(), id);
            return findById(id).orElseThrow();
        } catch (SQLException e) {
            throw new FirmwareLibraryException(databaseFile, "cannot set the version of #" + id + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized FirmwareImage setModels(long id, List<String> models) {
        List<String> copy = List.copyOf(models);
        try {
            requireOneRow(findById(id).isPresent() ? 1 : 0, id);
            connection.setAutoCommit(false);
            try {
                writeModels(id, copy);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            return findById(id).orElseThrow();
        } catch (SQLException e) {
            throw new FirmwareLibraryException(databaseFile, "cannot set the models of #" + id + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public SignedManifest release(long id, List<String> models, int securityVersion) {
        FirmwareImage image = image(id).orElseThrow(() -> new IllegalArgumentException("no firmware image #" + id));
        String version = image.version().orElseThrow(() -> new IllegalStateException(
                "image #" + id + " (" + image.name() + ") has no version yet; set one before release"));
        FirmwareManifest manifest = new FirmwareManifest(ProtocolVersion.CURRENT, version, models, image.rawSize(),
                image.rawSha256(), clock.millis(), securityVersion);
        SignedManifest signed = signatures.sign(manifest, operatorKey.keyPair());
        log.info("Released #{} as version {} (security version {}) for {}, signed by {}", id, version,
                securityVersion, models, signed.key());
        return signed;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new FirmwareLibraryException(databaseFile, "cannot close: " + e.getMessage(), e);
        }
    }

    private void writeModels(long id, List<String> models) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM image_models WHERE image_id = ?");
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO image_models (image_id, position, model) VALUES (?, ?, ?)")) {
            delete.setLong(1, id);
            delete.executeUpdate();
            for (int i = 0; i < models.size(); i++) {
                insert.setLong(1, id);
                insert.setInt(2, i);
                insert.setString(3, models.get(i));
                insert.executeUpdate();
            }
        }
    }

    private Optional<FirmwareImage> findById(long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE id = ?")) {
            select.setLong(1, id);
            return readAll(select).stream().findFirst();
        }
    }

    private Optional<FirmwareImage> findBySha(String sha) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE raw_sha256 = ?")) {
            select.setString(1, sha);
            return readAll(select).stream().findFirst();
        }
    }

    private List<FirmwareImage> readAll(PreparedStatement select) throws SQLException {
        List<FirmwareImage> images = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                long id = row.getLong("id");
                ImageFormat format = ImageFormat.valueOf(row.getString("format"));
                String sha = row.getString("raw_sha256");
                images.add(new FirmwareImage(id, row.getString("name"), Optional.ofNullable(row.getString("version")),
                        modelsOf(id), format, row.getLong("compressed_size"), row.getLong("raw_size"), sha,
                        Instant.ofEpochMilli(row.getLong("imported_at_ms")),
                        imageDir.resolve(sha + "." + format.extension())));
            }
        }
        return images;
    }

    private List<String> modelsOf(long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT model FROM image_models WHERE image_id = ? ORDER BY position")) {
            select.setLong(1, id);
            List<String> models = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    models.add(row.getString(1));
                }
            }
            return models;
        }
    }

    private static void requireOneRow(int rows, long id) {
        if (rows != 1) {
            throw new IllegalArgumentException("no firmware image #" + id);
        }
    }

    /** Temp copies of imports a crash or kill interrupted; nothing refers to them, and images are large. */
    private static void removeAbandonedImports(Path imageDir) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(imageDir, FirmwareImporter.TEMP_GLOB)) {
            for (Path leftover : leftovers) {
                log.info("Removing {} left by an interrupted import", leftover.getFileName());
                FirmwareImporter.deleteQuietly(leftover);
            }
        }
    }
}
