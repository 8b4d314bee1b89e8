package dev.millrace.graph;

import dev.millrace.config.ResolvedTableSettings;
import dev.millrace.plan.LogicalPlan;
import dev.millrace.types.Schema;
import java.util.List;
import java.util.Objects;

/**
 * A table ready to run: its definition, its resolved plan (with the table's watermark and de-duplication settings
 * applied to its streaming inputs), its output schema and its effective settings.
 *
 * @param inputs the tables it reads, in the order the plan reads them
 */
public record AnalyzedTable(TableDefinition definition, LogicalPlan plan, ResolvedTableSettings settings,
    List<Edge> inputs) {

  public AnalyzedTable {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(settings, "settings");
    inputs = List.copyOf(inputs);
  }

  public String name() {
    return definition.name();
  }

  public TableKind kind() {
    return definition.kind();
  }

  public Schema schema() {
    return plan.schema();
  }
}
