package dev.millrace.runtime.table;

import dev.millrace.types.Schema;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Where tables live: the warehouse. A streaming table is written batch by batch; each batch's rows are written
 * together with the table's commit marker for that batch in one transaction, so a replayed batch is never written
 * twice. Every streaming table has a system column {@code _batch_id} (LONG) after its own columns; readers never see
 * it. Rows are internal rows ({@link dev.millrace.runtime.operator.InternalValues}) of the table's schema, without
 * {@code _batch_id}.
 *
 * <p>Implementations are thread-safe: tables of independent branches are written in parallel, each table by one
 * thread at a time.
 */
public interface TableStore extends AutoCloseable {

  /** The name of the system column holding the batch that wrote a row. */
  String BATCH_ID_COLUMN = "_batch_id";

  /** The table of pipeline events (runs, progress per batch, errors, full refreshes); see docs/operations.md. */
  String EVENT_LOG_TABLE = "_event_log";

  /**
   * Creates {@code table} with {@code schema} (plus {@code _batch_id}) if it does not exist.
   *
   * @throws dev.millrace.errors.MillraceException if it exists with a different schema, saying to full-refresh it
   */
  void ensureTable(String table, Schema schema);

  /** The last batch committed to {@code table}, if any. */
  OptionalLong lastCommittedBatch(String table);

  /**
   * Appends the rows of batch {@code batchId} and records the batch as committed, in one transaction; does
   * nothing if the batch is already committed (a replay after a crash).
   *
   * @return whether the batch was written now (false: it had been committed before)
   */
  boolean appendBatch(String table, long batchId, Schema schema, List<Object[]> rows);

  /**
   * Update output mode: writes the rows of batch {@code batchId}, each replacing the row with the same key (the
   * values of {@code keyColumns}, compared with NULL equal to NULL) if there is one, and records the batch as
   * committed, in one transaction; does nothing if the batch is already committed.
   */
  boolean upsertBatch(String table, long batchId, Schema schema, List<String> keyColumns, List<Object[]> rows);

  /**
   * Replaces the whole content of {@code table} with {@code rows} and records batch {@code batchId} as committed,
   * in one transaction (complete output mode, materialized views); does nothing if the batch is already committed.
   */
  boolean replaceTable(String table, long batchId, Schema schema, List<Object[]> rows);

  /**
   * Streams the rows of the committed batches {@code afterBatch < _batch_id <= upToBatch} of {@code table} in batch
   * order and, within a batch, in the order they were written.
   */
  void readBatches(String table, Schema schema, long afterBatch, long upToBatch, Consumer<Object[]> out);

  /** Streams every row of {@code table} (its current snapshot). */
  void readSnapshot(String table, Schema schema, Consumer<Object[]> out);

  /** The number of rows of {@code table}; 0 if it does not exist. */
  long rowCount(String table);

  /** Whether {@code table} exists. */
  boolean exists(String table);

  /** Drops {@code table} and its commit markers (full refresh); does nothing if it does not exist. */
  void dropTable(String table);

  /**
   * Appends rows to the event log, creating the table if needed, in a transaction of their own (not a batch's:
   * the event of a batch is written after the batch committed). Each row gets the next {@code seq} number.
   */
  void appendEvents(java.util.List<EventLogEntry> events);

  /**
   * Runs a read-only SQL query (SELECT, WITH, DESCRIBE, SHOW, EXPLAIN, PRAGMA table_info, ...) and returns its
   * result; statements that would change the warehouse are rejected.
   */
  QueryResult query(String sql);

  /** Releases the warehouse (closing connections, unlocking the file). Idempotent. */
  @Override
  void close();
}
