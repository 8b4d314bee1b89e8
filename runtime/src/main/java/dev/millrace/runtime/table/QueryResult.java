package dev.millrace.runtime.table;

import java.util.List;

/**
 * The result of a SQL query on the warehouse, as text ready to print: column names and, per row, each value
 * formatted as DuckDB's own CLI would show it ({@code null} for SQL NULL).
 */
public record QueryResult(List<String> columns, List<List<String>> rows) {

  public QueryResult {
    columns = List.copyOf(columns);
    rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r))).toList();
  }
}
