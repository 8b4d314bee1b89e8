package dev.millrace.graph;

import dev.millrace.config.TableSettings;
import dev.millrace.plan.LogicalPlan;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A table as its annotated method defines it, before analysis.
 *
 * @param origin where the table is defined, {@code SimpleClassName.method}, for messages
 * @param plan the plan the method returned, unresolved
 * @param annotationSettings what the annotations set ({@code @Watermark}, {@code @Dedupe}, output mode, comment);
 *     the YAML file may override each
 */
public record TableDefinition(String name, TableKind kind, String origin, LogicalPlan plan,
    TableSettings annotationSettings, Map<String, String> properties) {

  public TableDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(annotationSettings, "annotationSettings");
    properties = Map.copyOf(properties);
  }

  /** {@code table 'name' (Class.method)}, the way every message names a table. */
  public String label() {
    return "table '" + name + "' (" + origin + ")";
  }

  public Optional<String> comment() {
    return Optional.ofNullable(annotationSettings.comment());
  }
}
