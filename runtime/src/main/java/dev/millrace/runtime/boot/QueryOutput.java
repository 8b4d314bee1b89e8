package dev.millrace.runtime.boot;

import dev.millrace.runtime.engine.RunSummary;
import dev.millrace.runtime.table.QueryResult;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Prints a query result as an aligned table, CSV (RFC 4180, with a header) or JSON lines. */
final class QueryOutput {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private QueryOutput() {}

  static String format(QueryResult result, String format) {
    return switch (format) {
      case "CSV" -> csv(result);
      case "JSON" -> json(result);
      default -> {
        var rows = new ArrayList<List<String>>(result.rows());
        String t = RunSummary.table(result.columns(), rows, Integer.MAX_VALUE);
        yield t + "(" + result.rows().size() + (result.rows().size() == 1 ? " row)" : " rows)") + "\n";
      }
    };
  }

  private static String csv(QueryResult result) {
    var sb = new StringBuilder();
    sb.append(String.join(",", result.columns().stream().map(QueryOutput::csvCell).toList())).append('\n');
    for (List<String> row : result.rows()) {
      sb.append(String.join(",", row.stream().map(v -> v == null ? "" : csvCell(v)).toList())).append('\n');
    }
    return sb.toString();
  }

  private static String csvCell(String v) {
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }

  /** One JSON object per row; values are the query's text forms (NULL is null). */
  private static String json(QueryResult result) {
    var sb = new StringBuilder();
    for (List<String> row : result.rows()) {
      ObjectNode o = JSON.createObjectNode();
      for (int i = 0; i < result.columns().size(); i++) {
        o.put(result.columns().get(i), row.get(i));
      }
      sb.append(JSON.writeValueAsString(o)).append('\n');
    }
    return sb.toString();
  }
}
