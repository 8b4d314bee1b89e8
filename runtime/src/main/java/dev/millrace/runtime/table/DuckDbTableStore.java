package dev.millrace.runtime.table;

import dev.millrace.errors.MillraceException;
import dev.millrace.runtime.operator.InternalValues;
import dev.millrace.types.Field;
import dev.millrace.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;

/**
 * The warehouse as an embedded DuckDB database file: each table is a DuckDB table with the table's columns followed
 * by {@code _batch_id BIGINT NOT NULL}, and the commit markers are the rows of {@code _millrace_commits (table_name,
 * batch_id, row_count, committed_at)}. A batch's rows and its marker are written in one DuckDB transaction, so after
 * any crash either both are there or neither is, and a replayed batch finds its marker and writes nothing.
 *
 * <p>Rows are written with DuckDB's appender (nested types included). The appender writes into the connection's
 * open transaction, provided a statement has already started it: every write first reads the batch's marker, which
 * does so; a rollback then removes the appended rows. Rows are read back ordered by {@code _batch_id} and
 * {@code rowid}, i.e. in the order they were written. Column types: see {@link DuckDbTypes#sqlType}; TIMESTAMP is
 * DuckDB's TIMESTAMP holding the UTC wall clock, so query output does not depend on the local time zone.
 *
 * <p>A DuckDB file can be open for writing in one process only; {@link #open} fails with a clear message while
 * another process (usually a running pipeline) holds it. {@link #openReadOnly} is for the {@code query} and
 * {@code tables} commands; writes through it are refused.
 *
 * <p>Threading: the store is thread-safe. It holds one JDBC connection and every method runs under the store's
 * lock, so writes from parallel branches are serialized (DuckDB itself commits one writer at a time, and a batch's
 * write is short next to computing it). The consumers given to {@link #readBatches} and {@link #readSnapshot} run
 * under that lock: they may call this store from the same thread, but must not wait for another thread that uses it.
 */
public final class DuckDbTableStore implements TableStore {

  /** Fault injection for crash tests: runs inside a batch's write, after its rows and before its marker. */
  @FunctionalInterface
  public interface WriteHook {

    /** Does nothing. */
    WriteHook NONE = (table, batchId) -> {};

    /**
     * Called after the rows of batch {@code batchId} of {@code table} have been written and before the commit
     * marker is inserted and the transaction committed; an exception thrown here aborts the write as a crash would.
     */
    void afterRowsWritten(String table, long batchId);
  }

  static final String COMMITS_TABLE = "_millrace_commits";

  private final Path file;
  private final boolean readOnly;
  private final WriteHook writeHook;
  private final Clock clock;
  private final DuckDBConnection connection;
  private boolean closed;
  /** The next event log {@code seq}; -1 until the event log was first written through this store. */
  private long nextEventSeq = -1;

  private DuckDbTableStore(Path file, boolean readOnly, WriteHook writeHook, DuckDBConnection connection) {
    this.file = file;
    this.readOnly = readOnly;
    this.writeHook = writeHook;
    this.clock = Clock.systemUTC();
    this.connection = connection;
  }

  /** Opens (creating it and its parent directories if needed) the warehouse {@code warehouseFile} for writing. */
  public static DuckDbTableStore open(Path warehouseFile) {
    return open(warehouseFile, WriteHook.NONE);
  }

  /** {@link #open(Path)} with a hook called inside every batch write (crash tests). */
  public static DuckDbTableStore open(Path warehouseFile, WriteHook writeHook) {
    Path file = warehouseFile.toAbsolutePath().normalize();
    Objects.requireNonNull(writeHook, "writeHook");
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
    } catch (IOException e) {
      throw new MillraceException("Cannot create the directory of the warehouse " + file + ": " + e.getMessage()
          + ". Check that the path (pipeline.warehouse) is writable.", e);
    }
    var store = new DuckDbTableStore(file, false, writeHook, connect(file, false));
    try (Statement st = store.connection.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS " + COMMITS_TABLE + " (table_name VARCHAR NOT NULL, "
          + "batch_id BIGINT NOT NULL, row_count BIGINT NOT NULL, committed_at TIMESTAMP NOT NULL, "
          + "PRIMARY KEY (table_name, batch_id))");
    } catch (SQLException e) {
      store.close();
      throw new MillraceException("Cannot create the commit markers table " + COMMITS_TABLE + " in the warehouse "
          + file + ": " + e.getMessage(), e);
    }
    return store;
  }

  /** Opens the existing warehouse {@code warehouseFile} for reading only (the {@code query} and {@code tables} commands). */
  public static DuckDbTableStore openReadOnly(Path warehouseFile) {
    Path file = warehouseFile.toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      throw new MillraceException("The warehouse " + file + " does not exist yet. Run the pipeline first "
          + "(./millrace run) to create its tables, or check pipeline.warehouse in the configuration.");
    }
    return new DuckDbTableStore(file, true, WriteHook.NONE, connect(file, true));
  }

  private static DuckDBConnection connect(Path file, boolean readOnly) {
    var properties = new Properties();
    if (readOnly) {
      properties.setProperty("duckdb.read_only", "true");
    }
    try {
      return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file, properties);
    } catch (SQLException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("Could not set lock") || message.contains("Conflicting lock")) {
        throw new MillraceException("The warehouse " + file + " is in use by another process, probably a running "
            + "pipeline; stop it or wait for it to finish, then try again. (DuckDB: " + message + ")", e);
      }
      throw new MillraceException("Cannot open the warehouse " + file + (readOnly ? " for reading" : "") + ": "
          + message, e);
    }
  }

  /** The warehouse file. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized void ensureTable(String table, Schema schema) {
    checkWritable(table);
    try {
      if (!existsUnlocked(table)) {
        String columns = schema.fields().stream()
            .map(f -> DuckDbTypes.quote(f.name()) + " " + DuckDbTypes.sqlType(f.type()) + (f.nullable() ? "" : " NOT NULL"))
            .collect(Collectors.joining(", "));
        try (Statement st = connection.createStatement()) {
          st.execute("CREATE TABLE IF NOT EXISTS " + DuckDbTypes.quote(table) + " (" + columns
              + (columns.isEmpty() ? "" : ", ") + DuckDbTypes.quote(BATCH_ID_COLUMN) + " BIGINT NOT NULL)");
        }
        return;
      }
      List<String> existing = existingColumns(table);
      List<String> expected = expectedColumns(schema);
      if (!existing.equals(expected)) {
        throw new MillraceException("Table '" + table + "' in warehouse " + file + " has columns ("
            + describe(existing) + ") but the query now produces (" + describe(expected)
            + "). Run a full refresh of the table: ./millrace run --full-refresh=" + table);
      }
    } catch (SQLException e) {
      throw failure("Cannot create table '" + table + "'", e);
    }
  }

  private List<String> existingColumns(String table) throws SQLException {
    var out = new ArrayList<String>();
    try (var ps = connection.prepareStatement("SELECT column_name, data_type, is_nullable FROM "
        + "information_schema.columns WHERE table_schema = 'main' AND lower(table_name) = lower(?) "
        + "ORDER BY ordinal_position")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(column(rs.getString(1), rs.getString(2), "NO".equals(rs.getString(3))));
        }
      }
    }
    return out;
  }

  /** The columns of {@code schema} as DuckDB spells their types, so they compare equal to the catalog's. */
  private List<String> expectedColumns(Schema schema) throws SQLException {
    var out = new ArrayList<String>();
    if (schema.size() > 0) {
      String typeofs = schema.fields().stream()
          .map(f -> "typeof(CAST(NULL AS " + DuckDbTypes.sqlType(f.type()) + "))")
          .collect(Collectors.joining(", "));
      try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT " + typeofs)) {
        rs.next();
        for (int i = 0; i < schema.size(); i++) {
          Field f = schema.field(i);
          out.add(column(f.name(), rs.getString(i + 1), !f.nullable()));
        }
      }
    }
    out.add(column(BATCH_ID_COLUMN, "BIGINT", true));
    return out;
  }

  private static String column(String name, String type, boolean notNull) {
    return name + " " + type + (notNull ? " NOT NULL" : "");
  }

  private static String describe(List<String> columns) {
    String batchId = column(BATCH_ID_COLUMN, "BIGINT", true);
    var shown = columns.isEmpty() || !columns.get(columns.size() - 1).equals(batchId)
        ? columns
        : columns.subList(0, columns.size() - 1);
    return String.join(", ", shown);
  }

  @Override
  public synchronized OptionalLong lastCommittedBatch(String table) {
    checkOpen();
    try (var ps = connection.prepareStatement(
        "SELECT max(batch_id) FROM " + COMMITS_TABLE + " WHERE table_name = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long last = rs.getLong(1);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(last);
      }
    } catch (SQLException e) {
      throw failure("Cannot read the commit markers of table '" + table + "'", e);
    }
  }

  @Override
  public boolean appendBatch(String table, long batchId, Schema schema, List<Object[]> rows) {
    return write(table, batchId, schema, rows, false, List.of());
  }

  @Override
  public boolean replaceTable(String table, long batchId, Schema schema, List<Object[]> rows) {
    return write(table, batchId, schema, rows, true, List.of());
  }

  @Override
  public boolean upsertBatch(String table, long batchId, Schema schema, List<String> keyColumns,
      List<Object[]> rows) {
    for (String key : keyColumns) {
      if (schema.indexOf(key) < 0) {
        throw new IllegalArgumentException("Upsert key column '" + key + "' is not a column of " + schema.names());
      }
    }
    if (keyColumns.isEmpty()) {
      throw new IllegalArgumentException("An upsert needs at least one key column");
    }
    return write(table, batchId, schema, rows, false, keyColumns);
  }

  private synchronized boolean write(String table, long batchId, Schema schema, List<Object[]> rows,
      boolean replace, List<String> upsertKeys) {
    checkWritable(table);
    try {
      connection.setAutoCommit(false);
      try {
        // This first statement also starts the transaction that the appender below writes into.
        if (isCommitted(table, batchId)) {
          connection.rollback();
          return false;
        }
        if (replace) {
          try (Statement st = connection.createStatement()) {
            st.execute("DELETE FROM " + DuckDbTypes.quote(table));
          }
        }
        appendRows(table, batchId, schema, rows);
        if (!upsertKeys.isEmpty()) {
          deleteReplacedRows(table, batchId, upsertKeys);
        }
        writeHook.afterRowsWritten(table, batchId);
        try (var ps = connection.prepareStatement(
            "INSERT INTO " + COMMITS_TABLE + " VALUES (?, ?, ?, make_timestamp(?))")) {
          ps.setString(1, table);
          ps.setLong(2, batchId);
          ps.setLong(3, rows.size());
          ps.setLong(4, InternalValues.micros(clock.instant()));
          ps.executeUpdate();
        }
        connection.commit();
        return true;
      } catch (SQLException | RuntimeException | Error e) {
        try {
          connection.rollback();
        } catch (SQLException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException | RuntimeException e) {
      throw new MillraceException("Cannot " + (replace ? "replace" : !upsertKeys.isEmpty() ? "upsert into" : "append to")
          + " table '" + table
          + "' with batch " + batchId + " in warehouse " + file + "; nothing of the batch was written: "
          + e.getMessage(), e);
    }
  }

  /** Update mode: the rows of batch {@code batchId} replace the older rows with the same key. */
  private void deleteReplacedRows(String table, long batchId, List<String> keyColumns) throws SQLException {
    var match = new StringBuilder();
    for (String key : keyColumns) {
      String column = DuckDbTypes.quote(key);
      match.append(" AND old.").append(column).append(" IS NOT DISTINCT FROM new.").append(column);
    }
    String sql = "DELETE FROM " + DuckDbTypes.quote(table) + " AS old USING (SELECT * FROM " + DuckDbTypes.quote(table)
        + " WHERE " + BATCH_ID_COLUMN + " = " + batchId + ") AS new WHERE old." + BATCH_ID_COLUMN + " <> " + batchId
        + match;
    try (Statement st = connection.createStatement()) {
      st.execute(sql);
    }
  }

  private boolean isCommitted(String table, long batchId) throws SQLException {
    try (var ps = connection.prepareStatement(
        "SELECT count(*) FROM " + COMMITS_TABLE + " WHERE table_name = ? AND batch_id = ?")) {
      ps.setString(1, table);
      ps.setLong(2, batchId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  private void appendRows(String table, long batchId, Schema schema, List<Object[]> rows) throws SQLException {
    try (var appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
      for (Object[] row : rows) {
        if (row.length != schema.size()) {
          throw new IllegalArgumentException("A row has " + row.length + " values but the schema ("
              + schema.toDdl() + ") has " + schema.size() + " columns");
        }
        appender.beginRow();
        for (int i = 0; i < row.length; i++) {
          DuckDbTypes.append(appender, schema.field(i).type(), row[i]);
        }
        appender.append(batchId);
        appender.endRow();
      }
      // close() would flush too, but it swallows a failing flush.
      appender.flush();
    }
  }

  @Override
  public synchronized void readBatches(String table, Schema schema, long afterBatch, long upToBatch,
      Consumer<Object[]> out) {
    read(table, schema, " WHERE " + DuckDbTypes.quote(BATCH_ID_COLUMN) + " > " + afterBatch + " AND "
        + DuckDbTypes.quote(BATCH_ID_COLUMN) + " <= " + upToBatch + " ORDER BY "
        + DuckDbTypes.quote(BATCH_ID_COLUMN) + ", rowid", out);
  }

  @Override
  public synchronized void readSnapshot(String table, Schema schema, Consumer<Object[]> out) {
    read(table, schema, " ORDER BY rowid", out);
  }

  private void read(String table, Schema schema, String tail, Consumer<Object[]> out) {
    checkOpen();
    String columns = schema.fields().stream()
        .map(f -> DuckDbTypes.readExpression(f.type(), DuckDbTypes.quote(f.name())))
        .collect(Collectors.joining(", "));
    String sql = "SELECT " + (columns.isEmpty() ? "NULL" : columns) + " FROM " + DuckDbTypes.quote(table) + tail;
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        var row = new Object[schema.size()];
        for (int i = 0; i < row.length; i++) {
          row[i] = DuckDbTypes.fromJdbc(schema.field(i).type(), rs.getObject(i + 1));
        }
        out.accept(row);
      }
    } catch (SQLException e) {
      throw failure("Cannot read table '" + table + "'", e);
    }
  }

  @Override
  public synchronized long rowCount(String table) {
    checkOpen();
    try {
      if (!existsUnlocked(table)) {
        return 0;
      }
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM " + DuckDbTypes.quote(table))) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw failure("Cannot count the rows of table '" + table + "'", e);
    }
  }

  @Override
  public synchronized boolean exists(String table) {
    checkOpen();
    try {
      return existsUnlocked(table);
    } catch (SQLException e) {
      throw failure("Cannot look up table '" + table + "'", e);
    }
  }

  private boolean existsUnlocked(String table) throws SQLException {
    // DuckDB's catalog is case-insensitive: "Events" and "events" are the same table.
    try (var ps = connection.prepareStatement("SELECT count(*) FROM information_schema.tables "
        + "WHERE table_schema = 'main' AND lower(table_name) = lower(?)")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  @Override
  public synchronized void dropTable(String table) {
    checkWritable(table);
    try {
      connection.setAutoCommit(false);
      try (Statement st = connection.createStatement();
          var ps = connection.prepareStatement("DELETE FROM " + COMMITS_TABLE + " WHERE table_name = ?")) {
        st.execute("DROP TABLE IF EXISTS " + DuckDbTypes.quote(table));
        ps.setString(1, table);
        ps.executeUpdate();
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure("Cannot drop table '" + table + "'", e);
    }
  }

  @Override
  public synchronized void appendEvents(List<EventLogEntry> events) {
    checkWritable(EVENT_LOG_TABLE);
    if (events.isEmpty()) {
      return;
    }
    try {
      if (nextEventSeq < 0) {
        try (Statement st = connection.createStatement()) {
          st.execute("CREATE TABLE IF NOT EXISTS " + EVENT_LOG_TABLE + " (seq BIGINT NOT NULL, "
              + "\"timestamp\" TIMESTAMP NOT NULL, pipeline VARCHAR NOT NULL, run_id VARCHAR NOT NULL, "
              + "event_type VARCHAR NOT NULL, level VARCHAR NOT NULL, table_name VARCHAR, batch_id BIGINT, "
              + "message VARCHAR NOT NULL, details JSON NOT NULL)");
          try (ResultSet rs = st.executeQuery("SELECT coalesce(max(seq), 0) FROM " + EVENT_LOG_TABLE)) {
            rs.next();
            nextEventSeq = rs.getLong(1) + 1;
          }
        }
      }
      connection.setAutoCommit(false);
      try (var ps = connection.prepareStatement("INSERT INTO " + EVENT_LOG_TABLE
          + " VALUES (?, make_timestamp(?), ?, ?, ?, ?, ?, ?, ?, ?)")) {
        long seq = nextEventSeq;
        for (EventLogEntry e : events) {
          ps.setLong(1, seq++);
          ps.setLong(2, InternalValues.micros(e.timestamp()));
          ps.setString(3, e.pipeline());
          ps.setString(4, e.runId());
          ps.setString(5, e.eventType());
          ps.setString(6, e.level());
          ps.setString(7, e.table());
          if (e.batchId() == null) {
            ps.setNull(8, java.sql.Types.BIGINT);
          } else {
            ps.setLong(8, e.batchId());
          }
          ps.setString(9, e.message());
          ps.setString(10, e.details());
          ps.addBatch();
        }
        ps.executeBatch();
        connection.commit();
        nextEventSeq = seq;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure("Cannot append to the event log " + EVENT_LOG_TABLE, e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Values are rendered by DuckDB ({@link ResultSet#getString}), except TIMESTAMP values, which the driver would
   * render in the JVM's time zone: they are rendered from the stored wall clock, as DuckDB's CLI does.
   *
   * <p>On a store opened with {@link #open}, only the statements {@link ReadOnlySql} accepts run, and each runs in a
   * transaction that is rolled back. On a store opened with {@link #openReadOnly}, DuckDB itself refuses writes;
   * other statements that do not change the warehouse (for example {@code COPY (SELECT ...) TO 'out.csv'}) run.
   */
  @Override
  public synchronized QueryResult query(String sql) {
    Objects.requireNonNull(sql, "sql");
    checkOpen();
    if (!readOnly) {
      ReadOnlySql.check(sql, file);
    }
    try {
      if (readOnly) {
        return runQuery(sql);
      }
      connection.setAutoCommit(false);
      try {
        return runQuery(sql);
      } finally {
        try {
          connection.rollback();
        } finally {
          connection.setAutoCommit(true);
        }
      }
    } catch (SQLException e) {
      String hint = readOnly && String.valueOf(e.getMessage()).contains("read-only")
          ? "\nThe warehouse is opened read-only here: queries can read tables but not change them; tables change "
              + "only through the pipeline (./millrace run)."
          : "";
      throw new MillraceException("Query failed on the warehouse " + file + ": " + e.getMessage() + "\n  SQL: " + sql
          + hint, e);
    }
  }

  private QueryResult runQuery(String sql) throws SQLException {
    try (Statement st = connection.createStatement()) {
      if (!st.execute(sql)) {
        return new QueryResult(List.of(), List.of());
      }
      try (ResultSet rs = st.getResultSet()) {
        var meta = rs.getMetaData();
        int n = meta.getColumnCount();
        var columns = new ArrayList<String>(n);
        var timestamp = new boolean[n];
        for (int i = 0; i < n; i++) {
          columns.add(meta.getColumnLabel(i + 1));
          timestamp[i] = "TIMESTAMP".equals(meta.getColumnTypeName(i + 1));
        }
        var rows = new ArrayList<List<String>>();
        while (rs.next()) {
          var row = new ArrayList<String>(n);
          for (int i = 0; i < n; i++) {
            if (timestamp[i]) {
              var t = rs.getObject(i + 1, LocalDateTime.class);
              row.add(t == null ? null : DuckDbTypes.formatTimestamp(t));
            } else {
              row.add(rs.getString(i + 1));
            }
          }
          rows.add(row);
        }
        return new QueryResult(columns, rows);
      }
    }
  }

  /** Closes the connection and releases the file lock. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      connection.close();
    } catch (SQLException e) {
      throw new MillraceException("Error closing the warehouse " + file + ": " + e.getMessage(), e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("The table store for the warehouse " + file + " is closed");
    }
  }

  private void checkWritable(String table) {
    checkOpen();
    Objects.requireNonNull(table, "table");
    if (readOnly) {
      throw new MillraceException("Cannot change table '" + table + "': the warehouse " + file
          + " is opened read-only here. Tables change only through the pipeline (./millrace run).");
    }
  }

  private MillraceException failure(String what, SQLException e) {
    return new MillraceException(what + " in warehouse " + file + ": " + e.getMessage(), e);
  }

  @Override
  public String toString() {
    return "DuckDbTableStore[" + file + (readOnly ? ", read-only" : "") + "]";
  }
}
