package dev.millrace.runtime.engine;

import dev.millrace.runtime.operator.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Formats a {@link RunResult} as the table printed at the end of a run. */
public final class RunSummary {

  private RunSummary() {}

  /**
   * The summary: one line per table (kind, status, batches, rows in, rows written, rows rejected, watermark), the
   * failures, and where the warehouse is with an example query.
   */
  public static String format(RunResult result, String queryCommand) {
    var sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Pipeline '%s' %s in %.1f s%n", result.pipeline(),
        !result.succeeded() ? "FAILED" : result.stopped() ? "stopped" : "updated", result.durationNanos() / 1e9));
    if (result.stopped() && result.succeeded()) {
      sb.append("It was asked to stop: the batches in flight committed, the rest waits for the next run.\n");
    }
    if (!result.refreshed().isEmpty()) {
      sb.append("Full refresh of: ").append(String.join(", ", result.refreshed())).append('\n');
    }
    var header = List.of("table", "kind", "status", "batches", "rows in", "rows written", "rejected", "watermark");
    var rows = new ArrayList<List<String>>();
    for (TableProgress t : result.tables()) {
      rows.add(List.of(t.table(), t.kind().label(), t.status().name().toLowerCase(Locale.ROOT).replace('_', ' '),
          Long.toString(t.batches()), Long.toString(t.rowsIn()), Long.toString(t.rowsWritten()),
          Long.toString(t.rowsRejected()),
          t.watermark() <= 0 ? "-" : Values.timestampText(t.watermark())));
    }
    sb.append(table(header, rows, 3));
    boolean firstState = true;
    for (TableProgress t : result.tables()) {
      if (t.stateKeys() >= 0) {
        sb.append(firstState ? "\nState: " : ", ").append(t.table()).append(' ').append(t.stateKeys())
            .append(t.stateKeys() == 1 ? " key" : " keys")
            .append(t.peakStateKeys() > t.stateKeys() ? " (peak " + t.peakStateKeys() + ")" : "").append(", ")
            .append(String.format(Locale.ROOT, "%.1f MB", t.stateBytes() / 1048576.0));
        firstState = false;
      }
    }
    if (!firstState) {
      sb.append('\n');
    }
    boolean firstDrop = true;
    for (TableProgress t : result.tables()) {
      if (t.lateRowsDropped() > 0 || t.duplicatesDropped() > 0) {
        sb.append(firstDrop ? "Dropped: " : ", ").append(t.table()).append(' ').append(t.lateRowsDropped())
            .append(" late, ").append(t.duplicatesDropped()).append(t.duplicatesDropped() == 1 ? " duplicate"
            : " duplicates");
        firstDrop = false;
      }
    }
    if (!firstDrop) {
      sb.append('\n');
    }
    boolean first = true;
    for (TableProgress t : result.tables()) {
      if (t.error() != null) {
        sb.append(first ? "\n" : "").append("- ").append(t.error()).append('\n');
        first = false;
      }
    }
    sb.append("\nWarehouse: ").append(result.warehouse()).append('\n');
    String example = result.tables().isEmpty() ? "SHOW TABLES" : "SELECT * FROM " + result.tables().get(0).table()
        + " LIMIT 10";
    sb.append("Query it:  ").append(queryCommand).append(" \"").append(example).append("\"\n");
    return sb.toString();
  }

  /** Columns padded to their widest value; those from {@code firstNumeric} on are right-aligned. */
  public static String table(List<String> header, List<List<String>> rows, int firstNumeric) {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> r : rows) {
        widths[i] = Math.max(widths[i], r.get(i) == null ? 4 : r.get(i).length());
      }
    }
    var sb = new StringBuilder();
    appendRow(sb, header, widths, firstNumeric);
    for (List<String> r : rows) {
      appendRow(sb, r, widths, firstNumeric);
    }
    return sb.toString();
  }

  private static void appendRow(StringBuilder sb, List<String> cells, int[] widths, int firstNumeric) {
    var line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String v = cells.get(i) == null ? "NULL" : cells.get(i);
      String pad = " ".repeat(widths[i] - v.length());
      line.append(i == 0 ? "" : "  ").append(i >= firstNumeric ? pad + v : v + pad);
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }
}
