package dev.millrace.runtime.engine;

import dev.millrace.types.DataType;
import dev.millrace.types.Field;
import dev.millrace.types.Schema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rows a streaming table just appended, kept in memory for the streaming tables that read it in the same
 * process, so a downstream batch takes its upstream batch from here instead of reading it back from the warehouse.
 * The warehouse stays the source of truth: a batch that is not here (evicted, or written before a restart) is read
 * from the warehouse, and only batches the warehouse has committed are ever asked for.
 *
 * <p>Each published batch waits for as many takes as the table has streaming readers; at most
 * {@link #MAX_PENDING} batches per table are kept, the oldest dropped first, so a reader that falls behind costs
 * warehouse reads, not memory. Only tables whose columns read back from the warehouse exactly as written are
 * handed off (no DECIMAL, FLOAT, BINARY, ARRAY or MAP, whose read-back values differ in scale or class).
 * Thread-safe.
 */
final class BatchHandoff {

  static final int MAX_PENDING = 4;

  private record Pending(List<Object[]> rows, int[] remaining) {}

  private final Map<String, Integer> readers;
  private final Map<String, TreeMap<Long, Pending>> batches = new HashMap<>();
  private long hits;
  private long misses;

  /** @param readers per table, how many streaming tables read it (tables with none are never kept) */
  BatchHandoff(Map<String, Integer> readers) {
    this.readers = Map.copyOf(readers);
  }

  /** Whether a table of {@code schema} can be handed off. */
  static boolean supports(Schema schema) {
    return schema.fields().stream().map(Field::type).allMatch(BatchHandoff::exact);
  }

  private static boolean exact(DataType type) {
    if (type instanceof Schema struct) {
      return supports(struct);
    }
    return type.equals(DataType.STRING) || type.equals(DataType.LONG) || type.equals(DataType.INT)
        || type.equals(DataType.DOUBLE) || type.equals(DataType.BOOLEAN) || type.equals(DataType.TIMESTAMP)
        || type.equals(DataType.DATE);
  }

  /** Keeps the rows {@code table} wrote in {@code batch} for its readers. */
  synchronized void publish(String table, long batch, List<Object[]> rows) {
    int n = readers.getOrDefault(table, 0);
    if (n == 0) {
      return;
    }
    TreeMap<Long, Pending> pending = batches.computeIfAbsent(table, t -> new TreeMap<>());
    pending.put(batch, new Pending(rows, new int[] {n}));
    while (pending.size() > MAX_PENDING) {
      pending.pollFirstEntry();
    }
  }

  /**
   * The rows of {@code table}'s batch {@code batch}, or null when they are not kept (read them from the warehouse).
   * The last reader gets the rows themselves, the others copies.
   */
  synchronized List<Object[]> take(String table, long batch) {
    TreeMap<Long, Pending> pending = batches.get(table);
    Pending p = pending == null ? null : pending.get(batch);
    if (p == null) {
      misses++;
      return null;
    }
    hits++;
    if (--p.remaining()[0] == 0) {
      pending.remove(batch);
      return p.rows();
    }
    return p.rows().stream().map(Object[]::clone).toList();
  }

  /** Batches taken from memory and read from the warehouse, for logs and tests. */
  synchronized long[] hitsAndMisses() {
    return new long[] {hits, misses};
  }
}
