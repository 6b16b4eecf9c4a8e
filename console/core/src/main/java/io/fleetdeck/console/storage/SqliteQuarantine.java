package io.fleetdeck.console.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a console database before it is opened for use, and moves a corrupt one aside so the console starts with a
 * fresh file instead of failing at every write or serving garbage. The corrupt file (with its WAL and shared-memory
 * siblings) is kept as {@code <name>.corrupt-<UTC time>} for the operator to inspect or recover with {@code sqlite3
 * .recover}; nothing is deleted. A file that is only locked or unreadable is not corrupt and is left alone.
 */
public final class SqliteQuarantine {
    private static final Logger log = LoggerFactory.getLogger(SqliteQuarantine.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    /** quick_check lists at most this many problems; the first few say enough for the log. */
    private static final int PROBLEMS_SHOWN = 5;

    private SqliteQuarantine() {
    }

    /**
     * Runs {@code PRAGMA quick_check} on {@code file} if it exists; if SQLite says it is not a database or is corrupt,
     * moves it aside.
     *
     * @return where the corrupt file now is, or empty when the file is missing or sound
     * @throws IOException  when the corrupt file cannot be moved aside
     * @throws SQLException when the file cannot be checked for another reason (locked, permissions): that is not
     *                      corruption, and moving it would lose a good database
     */
    public static Optional<Path> checkOrMoveAside(Path file, Clock clock) throws IOException, SQLException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        List<String> problems = check(file);
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(clock.instant()));
        for (String suffix : List.of("-wal", "-shm")) {
            Path sibling = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(sibling)) {
                Files.move(sibling, aside.resolveSibling(aside.getFileName() + suffix),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        log.error("{} is corrupt ({}): moved it aside to {} and started a new one", file,
                String.join("; ", problems), aside);
        return Optional.of(aside);
    }

    private static List<String> check(Path file) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA quick_check(" + PROBLEMS_SHOWN + ")")) {
            while (rows.next()) {
                String row = rows.getString(1);
                if (!"ok".equals(row)) {
                    problems.add(row);
                }
            }
        } catch (SQLiteException e) {
            if (!isCorruption(e.getResultCode())) {
                throw e;
            }
            problems.add(e.getResultCode().message);
        }
        return problems;
    }

    /** SQLITE_CORRUPT and its extended codes (index, sequence, vtab), and SQLITE_NOTADB. */
    private static boolean isCorruption(SQLiteErrorCode code) {
        return code.name().startsWith("SQLITE_CORRUPT") || code == SQLiteErrorCode.SQLITE_NOTADB;
    }
}
