package io.fleetdeck.console.history;

import io.fleetdeck.console.history.chunk.ChunkCodec;
import io.fleetdeck.console.history.chunk.ChunkEncodingException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chunk rows to write in the current transaction, encoded at once and sent with {@code executeBatch} through two
 * statements prepared once. Writer thread only.
 */
final class ChunkStatements implements AutoCloseable {
    private record Row(long chunkId, long sensorKey, long startTs, long endTs, int count, double min, double max,
                       double sum, byte[] blob) {
    }

    private final PreparedStatement insert;
    private final PreparedStatement update;
    private final PreparedStatement delete;
    private final List<Row> updates = new ArrayList<>();
    private int inserts;
    private int deletes;

    ChunkStatements(Connection connection) throws SQLException {
        this.insert = connection.prepareStatement("""
                INSERT INTO chunks(chunk_id, sensor_key, start_ts, end_ts, count, min, max, sum, blob)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        this.update = connection.prepareStatement(
                "UPDATE chunks SET end_ts = ?, count = ?, min = ?, max = ?, sum = ?, blob = ? WHERE chunk_id = ?");
        this.delete = connection.prepareStatement("DELETE FROM chunks WHERE chunk_id = ?");
    }

    /** Queues the removal of chunk {@code chunkId}'s row (it is written again under a new id). */
    void delete(long chunkId) throws SQLException {
        delete.setLong(1, chunkId);
        delete.addBatch();
        deletes++;
    }

    /**
     * Queues the row of chunk {@code chunkId} holding the first {@code count} readings of the arrays (timestamps
     * strictly increasing). The caller may reuse the arrays at once.
     */
    void write(long chunkId, boolean update, long sensorKey, long[] ts, double[] values, int count)
            throws SQLException {
        write(chunkId, update, sensorKey, ts, values, count, true);
    }

    /**
     * As above; {@code sealed} false for an open chunk that the next commits rewrite with more readings: it is stored
     * unpacked then (see {@link ChunkCodec#encodeUnpacked}), and packed once when it is sealed.
     */
    void write(long chunkId, boolean update, long sensorKey, long[] ts, double[] values, int count, boolean sealed)
            throws SQLException {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int i = 0; i < count; i++) {
            double value = values[i];
            min = Math.min(min, value);
            max = Math.max(max, value);
            sum += value;
        }
        byte[] blob;
        try {
            blob = sealed ? ChunkCodec.encode(ts, values, count) : ChunkCodec.encodeUnpacked(ts, values, count);
        } catch (ChunkEncodingException e) {
            // A bug of ours (readings are sorted, deduplicated and finite by now): a permanent error for the batch.
            throw new SQLException("chunk " + chunkId + " of sensor key " + sensorKey + " cannot be encoded: "
                    + e.getMessage(), e);
        }
        Row row = new Row(chunkId, sensorKey, ts[0], ts[count - 1], count, min, max, sum, blob);
        if (update) {
            updates.add(row);
        } else {
            addInsert(row);
        }
    }

    /** Queues rows for readings {@code from} (inclusive) to {@code to} (exclusive), split where chunks seal. */
    int insertSplit(long sensorKey, long[] ts, double[] values, int from, int to, ChunkIds ids) throws SQLException {
        int start = from;
        int rows = 0;
        for (int i = from + 1; i <= to; i++) {
            if (i == to || !OpenChunk.fits(ts[start], i - start, ts[i])) {
                write(ids.next(), false, sensorKey, Arrays.copyOfRange(ts, start, i),
                        Arrays.copyOfRange(values, start, i), i - start);
                rows++;
                start = i;
            }
        }
        return rows;
    }

    /** Sends what is queued. An updated chunk that retention deleted meanwhile is inserted again. */
    void execute() throws SQLException {
        if (deletes > 0) {
            delete.executeBatch();
            deletes = 0;
        }
        if (inserts > 0) {
            insert.executeBatch();
            inserts = 0;
        }
        if (updates.isEmpty()) {
            return;
        }
        for (Row row : updates) {
            update.setLong(1, row.endTs());
            update.setInt(2, row.count());
            update.setDouble(3, row.min());
            update.setDouble(4, row.max());
            update.setDouble(5, row.sum());
            update.setBytes(6, row.blob());
            update.setLong(7, row.chunkId());
            update.addBatch();
        }
        int[] counts = update.executeBatch();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                addInsert(updates.get(i));
            }
        }
        updates.clear();
        if (inserts > 0) {
            insert.executeBatch();
            inserts = 0;
        }
    }

    /** After a rollback: nothing queued belongs to a transaction any more. */
    void clear() throws SQLException {
        insert.clearBatch();
        update.clearBatch();
        delete.clearBatch();
        updates.clear();
        inserts = 0;
        deletes = 0;
    }

    @Override
    public void close() throws SQLException {
        insert.close();
        update.close();
        delete.close();
    }

    private void addInsert(Row row) throws SQLException {
        insert.setLong(1, row.chunkId());
        insert.setLong(2, row.sensorKey());
        insert.setLong(3, row.startTs());
        insert.setLong(4, row.endTs());
        insert.setInt(5, row.count());
        insert.setDouble(6, row.min());
        insert.setDouble(7, row.max());
        insert.setDouble(8, row.sum());
        insert.setBytes(9, row.blob());
        insert.addBatch();
        inserts++;
    }
}
