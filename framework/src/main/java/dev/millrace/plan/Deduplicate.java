package dev.millrace.plan;

import dev.millrace.types.Schema;
import java.util.List;
import java.util.Objects;

/**
 * {@code dropDuplicates(keys)} or, with {@code withinWatermark}, {@code dropDuplicatesWithinWatermark(keys)}: keeps
 * the first row of each key. Empty {@code keys} means all columns.
 */
public record Deduplicate(long id, List<String> keys, boolean withinWatermark, LogicalPlan child)
    implements LogicalPlan {

  public Deduplicate {
    keys = List.copyOf(keys);
    Objects.requireNonNull(child, "child");
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(child);
  }

  @Override
  public Schema schema() {
    return child.schema();
  }

  @Override
  public String describe() {
    return (withinWatermark ? "DeduplicateWithinWatermark " : "Deduplicate ") + (keys.isEmpty() ? "[all columns]" : keys);
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return new Deduplicate(id, keys, withinWatermark, Plans.one(children, "Deduplicate").get(0));
  }
}
