package dev.millrace.plan;

import dev.millrace.types.Schema;
import java.util.List;

/**
 * A node of a logical query plan: what a table computes, not how. Plans are immutable trees of records built by
 * {@link dev.millrace.dataset.Dataset}; the analyzer resolves names and types into a new tree of the same shape
 * (with {@link WithColumn}, {@link Drop} and {@link RenameColumn} rewritten to {@link Project}), whose
 * {@link #schema()} is then defined. The runtime's planner turns resolved plans into physical operators.
 *
 * <p>Every node has an {@link #id()} unique within the JVM, so that {@code dataset.col("x")} can say which input
 * of a join it means.
 */
public sealed interface LogicalPlan
    permits FileSource, TableRead, Project, WithColumn, Drop, RenameColumn, Filter, MapElements, Union, Aggregate,
        Join, EventTimeWatermark, Deduplicate, FlatMapGroupsWithState {

  /** Identity of this node (not part of equality of the plan's meaning, but of the record). */
  long id();

  /** Inputs, left to right. */
  List<LogicalPlan> children();

  /** The output schema; defined once the plan is resolved. */
  Schema schema();

  /** Whether this node reads a stream, directly or through an input. */
  default boolean isStreaming() {
    return children().stream().anyMatch(LogicalPlan::isStreaming);
  }

  /** One line describing this node alone, for {@link Plans#explain}. */
  String describe();

  /** A copy with new inputs (same id), for tree rewrites. */
  LogicalPlan withChildren(List<LogicalPlan> children);
}
