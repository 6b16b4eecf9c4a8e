package io.fleetdeck.console.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Hands out chunk ids. The writer is the only one inserting chunks, so it numbers them itself and can batch the
 * inserts instead of asking SQLite for each generated key. Writer thread only.
 */
final class ChunkIds {
    private final Connection connection;
    private long next;

    ChunkIds(Connection connection) {
        this.connection = connection;
    }

    long next() throws SQLException {
        if (next == 0) {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT COALESCE(MAX(chunk_id), 0) + 1 FROM chunks");
                 ResultSet rows = select.executeQuery()) {
                rows.next();
                next = rows.getLong(1);
            }
        }
        return next++;
    }

    /** After a rollback the ids handed out in it are free again; asking the file again is simplest. */
    void forget() {
        next = 0;
    }
}
