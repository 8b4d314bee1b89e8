package dev.millrace.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.graph.AnalyzedTable;
import dev.millrace.graph.PipelineGraph;
import dev.millrace.graph.TableKind;
import dev.millrace.runtime.checkpoint.Checkpoint;
import dev.millrace.runtime.checkpoint.CommitEntry;
import dev.millrace.runtime.checkpoint.OffsetEntry;
import dev.millrace.runtime.operator.InternalValues;
import dev.millrace.runtime.table.DuckDbTableStore;
import dev.millrace.runtime.table.TableStore;
import dev.millrace.streaming.OutputMode;
import dev.millrace.types.Row;
import dev.millrace.types.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a run leaves behind, read after the runner is closed: each table's rows in the order they were written,
 * the rows of each {@code _batch_id} of the streaming tables, the warehouse's commit markers, and each streaming
 * table's checkpoint ({@code offsets/N} ranges and {@code commits/N}).
 */
record WarehouseState(
    Map<String, List<Row>> tables,
    Map<String, TreeMap<Long, List<Row>>> batches,
    Map<String, List<Marker>> markers,
    Map<String, List<CommitEntry>> commits,
    Map<String, List<String>> offsets,
    Map<String, OutputMode> outputModes) {

  /** A row of {@code _millrace_commits}. */
  record Marker(long batchId, long rowCount, String committedAt) {
    /** The marker without its commit time, which differs between runs. */
    String withoutTime() {
      return "batch " + batchId + ": " + rowCount + " rows";
    }
  }

  static WarehouseState read(PipelineGraph graph, Path storage, Path warehouse) {
    var tables = new LinkedHashMap<String, List<Row>>();
    var batches = new LinkedHashMap<String, TreeMap<Long, List<Row>>>();
    var markers = new LinkedHashMap<String, List<Marker>>();
    var commits = new LinkedHashMap<String, List<CommitEntry>>();
    var offsets = new LinkedHashMap<String, List<String>>();
    var outputModes = new LinkedHashMap<String, OutputMode>();
    try (DuckDbTableStore store = DuckDbTableStore.openReadOnly(warehouse)) {
      for (AnalyzedTable t : graph.tables()) {
        Schema schema = t.schema();
        var rows = new ArrayList<Row>();
        if (store.exists(t.name())) {
          store.readSnapshot(t.name(), schema, r -> rows.add(InternalValues.rowToExternal(schema, r)));
        }
        tables.put(t.name(), rows);
        markers.put(t.name(), store.query("SELECT batch_id, row_count, CAST(committed_at AS VARCHAR) FROM "
            + "_millrace_commits WHERE table_name = '" + t.name() + "' ORDER BY batch_id").rows().stream()
            .map(r -> new Marker(Long.parseLong(r.get(0)), Long.parseLong(r.get(1)), r.get(2))).toList());
        var byBatch = new TreeMap<Long, List<Row>>();
        if (store.exists(t.name())) {
          // The batch ids actually present in the table, so rows without a marker would show too.
          for (List<String> id : store.query("SELECT DISTINCT " + TableStore.BATCH_ID_COLUMN + " FROM \""
              + t.name() + "\" ORDER BY 1").rows()) {
            long b = Long.parseLong(id.get(0));
            var batchRows = new ArrayList<Row>();
            store.readBatches(t.name(), schema, b - 1, b, r -> batchRows.add(InternalValues.rowToExternal(schema, r)));
            byBatch.put(b, batchRows);
          }
        }
        batches.put(t.name(), byBatch);
        if (t.kind() == TableKind.STREAMING_TABLE) {
          outputModes.put(t.name(), t.settings().outputMode());
          var checkpoint = checkpoint(storage, t.name());
          commits.put(t.name(), checkpoint.commits().ids().stream()
              .map(id -> checkpoint.commits().get(id).orElseThrow()).toList());
          offsets.put(t.name(), checkpoint.offsets().ids().stream()
              .map(id -> ranges(checkpoint.offsets().get(id).orElseThrow())).toList());
        }
      }
    }
    return new WarehouseState(tables, batches, markers, commits, offsets, outputModes);
  }

  /** What {@code offsets/N} says the batch reads, without the source's directory (which differs between runs). */
  static String ranges(OffsetEntry entry) {
    var parts = new ArrayList<String>();
    for (OffsetEntry.SourceOffset s : entry.sources()) {
      parts.add(s.files().isEmpty() ? "batches (" + s.fromBatch() + ", " + s.toBatch() + "]" : "files " + s.files());
    }
    return String.join("; ", parts);
  }

  static Checkpoint checkpoint(Path storage, String table) {
    return new Checkpoint(storage.resolve("checkpoints").resolve(table));
  }

  /**
   * The exactly-once invariants of one warehouse: each streaming table has batches 0..N, each with one commit marker
   * and one {@code commits/N}, and the rows carrying each batch id are as many as both recorded; no row has a batch
   * id without a marker. In update mode a batch's rows are at most as many as its marker says (later batches
   * upserted some of its groups again); in complete mode only the last batch's rows are left, as many as its marker
   * says. A materialized view holds exactly the rows of its last marker.
   */
  void assertExactlyOnce() {
    tables.keySet().forEach(table -> {
      List<Marker> tableMarkers = markers.get(table);
      TreeMap<Long, List<Row>> byBatch = batches.get(table);
      List<Long> markerIds = tableMarkers.stream().map(Marker::batchId).toList();
      assertThat(markerIds).as("commit markers of %s", table).doesNotHaveDuplicates()
          .containsExactlyElementsOf(range(markerIds.size()));
      if (commits.containsKey(table)) {
        // Entries older than the last retain-batches batches are purged every 10 batches: the kept ones are the
        // last of the markers', and at least the two recovery needs.
        List<CommitEntry> kept = commits.get(table);
        assertThat(kept).as("commits/N of %s", table).extracting(CommitEntry::batchId)
            .containsExactlyElementsOf(markerIds.subList(markerIds.size() - kept.size(), markerIds.size()));
        assertThat(kept).as("commits/N of %s", table).hasSizeGreaterThanOrEqualTo(Math.min(markerIds.size(), 2));
        assertThat(offsets.get(table)).as("offsets/N of %s", table).hasSameSizeAs(kept);
        assertThat(byBatch.keySet()).as("batch ids of the rows of %s", table).isSubsetOf(markerIds);
        OutputMode mode = outputModes.get(table);
        if (mode == OutputMode.COMPLETE && !tableMarkers.isEmpty()) {
          // Each batch replaced the whole table: only the last one's rows are left.
          Marker last = tableMarkers.get(tableMarkers.size() - 1);
          assertThat(byBatch.keySet()).as("batch ids of the rows of %s (complete mode)", table)
              .isSubsetOf(List.of(last.batchId()));
          assertThat(tables.get(table)).as("rows of %s (complete mode)", table).hasSize((int) last.rowCount());
        }
        for (Marker m : tableMarkers) {
          int rows = byBatch.getOrDefault(m.batchId(), List.of()).size();
          if (mode == OutputMode.UPDATE) {
            // Later batches replaced some of the batch's rows (those of the groups they changed again).
            assertThat(rows).as("rows of %s with _batch_id %d (update mode)", table, m.batchId())
                .isLessThanOrEqualTo((int) m.rowCount());
          } else if (mode == OutputMode.APPEND) {
            assertThat(rows).as("rows of %s with _batch_id %d", table, m.batchId()).isEqualTo(m.rowCount());
          }
          kept.stream().filter(c -> c.batchId() == m.batchId()).findFirst().ifPresent(c ->
              assertThat(c.rowsOut()).as("rowsOut in commits/%d of %s", m.batchId(), table).isEqualTo(m.rowCount()));
        }
      } else {
        assertThat(tableMarkers).as("refreshes of the view %s", table).isNotEmpty();
        Marker last = tableMarkers.get(tableMarkers.size() - 1);
        assertThat(byBatch.keySet()).as("batch ids of the rows of view %s", table)
            .isSubsetOf(List.of(last.batchId()));
        assertThat(tables.get(table)).as("rows of view %s", table).hasSize((int) last.rowCount());
      }
    });
  }

  /** Asserts that this (recovered) warehouse equals {@code expected} (an uninterrupted run's), row for row. */
  void assertSameAs(WarehouseState expected) {
    assertThat(tables.keySet()).containsExactlyElementsOf(expected.tables.keySet());
    for (String table : expected.tables.keySet()) {
      if (isKeyed(table)) {
        // Upserts and replacements leave rows in an order the table store does not promise; the rows are what count.
        assertThat(tables.get(table)).as("rows of %s", table)
            .containsExactlyInAnyOrderElementsOf(expected.tables.get(table));
      } else {
        assertThat(tables.get(table)).as("rows of %s, in written order", table)
            .containsExactlyElementsOf(expected.tables.get(table));
      }
      assertThat(batches.get(table).keySet()).as("batch ids of %s", table)
          .containsExactlyElementsOf(expected.batches.get(table).keySet());
      if (expected.commits.containsKey(table)) {
        expected.batches.get(table).forEach((b, rows) -> {
          if (isKeyed(table)) {
            assertThat(batches.get(table).get(b)).as("rows of %s batch %d still in the table", table, b)
                .containsExactlyInAnyOrderElementsOf(rows);
          } else {
            assertThat(batches.get(table).get(b)).as("rows of %s batch %d", table, b)
                .containsExactlyElementsOf(rows);
          }
        });
        assertThat(offsets.get(table)).as("offsets/N ranges of %s", table)
            .containsExactlyElementsOf(expected.offsets.get(table));
        assertThat(commits.get(table)).as("commits/N of %s", table)
            .containsExactlyElementsOf(expected.commits.get(table));
      }
      assertThat(markers.get(table)).as("commit markers of %s", table).extracting(Marker::withoutTime)
          .containsExactlyElementsOf(expected.markers.get(table).stream().map(Marker::withoutTime).toList());
    }
  }

  /** Whether the table's rows are replaced by later batches (an aggregation in update or complete mode). */
  private boolean isKeyed(String table) {
    OutputMode mode = outputModes.get(table);
    return mode == OutputMode.UPDATE || mode == OutputMode.COMPLETE;
  }

  int rowCount(String table) {
    return tables.get(table).size();
  }

  private static List<Long> range(int n) {
    var out = new ArrayList<Long>();
    for (long i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }
}
