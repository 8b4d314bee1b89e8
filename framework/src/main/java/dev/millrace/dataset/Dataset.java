package dev.millrace.dataset;

import dev.millrace.config.Durations;
import dev.millrace.expr.DatasetColumn;
import dev.millrace.expr.Expression;
import dev.millrace.function.FlatMapFunction;
import dev.millrace.function.MapFunction;
import dev.millrace.plan.Deduplicate;
import dev.millrace.plan.Drop;
import dev.millrace.plan.EventTimeWatermark;
import dev.millrace.plan.Filter;
import dev.millrace.plan.Join;
import dev.millrace.plan.JoinType;
import dev.millrace.plan.LogicalPlan;
import dev.millrace.plan.MapElements;
import dev.millrace.plan.Plans;
import dev.millrace.plan.Project;
import dev.millrace.plan.RenameColumn;
import dev.millrace.plan.Union;
import dev.millrace.plan.WithColumn;
import dev.millrace.types.Encoder;
import dev.millrace.types.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A lazy, immutable query: the logical plan of what a table computes, built with an API that follows Spark's Java
 * {@code Dataset<Row>}. Nothing runs when a method is called; each returns a new {@code Dataset} over a new plan
 * node. Column names and types are checked when the pipeline graph is analyzed (at {@code validate} and before
 * every run), so a typo such as {@code col("amont")} is reported with the table, the method and the available
 * columns before any data is touched.
 *
 * <p>Thread-safe (immutable).
 */
public final class Dataset {

  private final LogicalPlan plan;

  /** Wraps a logical plan; pipelines get datasets from {@link PipelineContext} instead. */
  public Dataset(LogicalPlan plan) {
    this.plan = Objects.requireNonNull(plan, "plan");
  }

  /** The logical plan (unresolved until the graph is analyzed). */
  public LogicalPlan plan() {
    return plan;
  }

  /** Whether this query reads a stream. */
  public boolean isStreaming() {
    return plan.isStreaming();
  }

  /** The plan as indented text. */
  public String explain() {
    return Plans.explain(plan);
  }

  @Override
  public String toString() {
    return explain();
  }

  /**
   * A column of this dataset in particular, for conditions over two inputs that share column names:
   * {@code clicks.join(impressions, clicks.col("ad_id").equalTo(impressions.col("ad_id")))}.
   */
  public Column col(String name) {
    return new Column(new DatasetColumn(plan.id(), name));
  }

  // ---- projections and filters ----

  public Dataset select(Column... columns) {
    if (columns.length == 0) {
      throw new IllegalArgumentException("select needs at least one column");
    }
    return new Dataset(new Project(Plans.nextId(), Arrays.stream(columns).map(Column::expr).toList(), plan));
  }

  public Dataset select(String... columnNames) {
    return select(Arrays.stream(columnNames).map(Functions::col).toArray(Column[]::new));
  }

  /** Adds a column, or replaces the column of that name where it stands. */
  public Dataset withColumn(String name, Column column) {
    return new Dataset(new WithColumn(Plans.nextId(), name, column.expr(), plan));
  }

  /** Renames a column; does nothing if there is no column {@code existing}, as in Spark. */
  public Dataset withColumnRenamed(String existing, String newName) {
    return new Dataset(new RenameColumn(Plans.nextId(), existing, newName, plan));
  }

  /** Removes columns; names that do not exist are ignored, as in Spark. */
  public Dataset drop(String... columnNames) {
    return new Dataset(new Drop(Plans.nextId(), List.of(columnNames), plan));
  }

  /** Keeps the rows for which {@code condition} is true. */
  public Dataset filter(Column condition) {
    return new Dataset(new Filter(Plans.nextId(), condition.expr(), plan));
  }

  /** Same as {@link #filter(Column)}. */
  public Dataset where(Column condition) {
    return filter(condition);
  }

  // ---- typed functions ----

  /** Applies {@code fn} to each row; the result's schema is {@code encoder}'s. */
  public <U> Dataset map(MapFunction<Row, U> fn, Encoder<U> encoder) {
    return new Dataset(new MapElements(Plans.nextId(), Optional.empty(), fn, encoder, false, plan));
  }

  /** Converts each row to {@code T} with {@code input} (fields matched by name) and applies {@code fn}. */
  public <T, U> Dataset map(Encoder<T> input, MapFunction<T, U> fn, Encoder<U> output) {
    return new Dataset(new MapElements(Plans.nextId(), Optional.of(input), fn, output, false, plan));
  }

  /** Applies {@code fn} to each row, producing zero or more rows. */
  public <U> Dataset flatMap(FlatMapFunction<Row, U> fn, Encoder<U> encoder) {
    return new Dataset(new MapElements(Plans.nextId(), Optional.empty(), fn, encoder, true, plan));
  }

  /** Converts each row to {@code T} with {@code input} and applies {@code fn}, producing zero or more rows. */
  public <T, U> Dataset flatMap(Encoder<T> input, FlatMapFunction<T, U> fn, Encoder<U> output) {
    return new Dataset(new MapElements(Plans.nextId(), Optional.of(input), fn, output, true, plan));
  }

  // ---- combining ----

  /** The rows of both datasets, columns matched by position (no de-duplication), as Spark's {@code union}. */
  public Dataset union(Dataset other) {
    return new Dataset(new Union(Plans.nextId(), List.of(plan, other.plan)));
  }

  /** Inner join on a condition. */
  public Dataset join(Dataset right, Column condition) {
    return join(right, condition, "inner");
  }

  /**
   * Join on a condition. {@code joinType} is one of Spark's strings: inner, left (left_outer), right
   * (right_outer), full (outer), left_semi, left_anti.
   */
  public Dataset join(Dataset right, Column condition, String joinType) {
    return new Dataset(new Join(Plans.nextId(), plan, right.plan, Optional.of(condition.expr()),
        JoinType.parse(joinType), List.of()));
  }

  /** Inner equi-join on a column both sides have; the output has one copy of it. */
  public Dataset join(Dataset right, String usingColumn) {
    return join(right, List.of(usingColumn), "inner");
  }

  /** Equi-join on columns both sides have; the output has one copy of each, first. */
  public Dataset join(Dataset right, List<String> usingColumns, String joinType) {
    if (usingColumns.isEmpty()) {
      throw new IllegalArgumentException("join needs at least one column to join on");
    }
    return new Dataset(new Join(Plans.nextId(), plan, right.plan, Optional.empty(), JoinType.parse(joinType),
        usingColumns));
  }

  // ---- grouping ----

  /** No grouping: a global aggregation, one row over all input ({@code groupBy().agg(count())}). */
  public GroupedData groupBy() {
    return new GroupedData(plan, List.of());
  }

  /** A global aggregation, as Spark's {@code ds.agg(...)}: {@code groupBy().agg(...)}. */
  public Dataset agg(Column first, Column... more) {
    return groupBy().agg(first, more);
  }

  /** Groups by columns for {@link GroupedData#agg}; use {@link Functions#window} to group by event-time windows. */
  public GroupedData groupBy(Column... columns) {
    return new GroupedData(plan, Arrays.stream(columns).map(Column::expr).toList());
  }

  public GroupedData groupBy(String... columnNames) {
    return groupBy(Arrays.stream(columnNames).map(Functions::col).toArray(Column[]::new));
  }

  /** Groups rows by a key computed by {@code keyFunction}, for {@code [flat]mapGroupsWithState}. */
  public <K> KeyValueGroupedDataset<K, Row> groupByKey(MapFunction<Row, K> keyFunction, Encoder<K> keyEncoder) {
    return new KeyValueGroupedDataset<>(plan, keyFunction, keyEncoder, Optional.empty());
  }

  /** Converts rows to {@code V} with {@code valueEncoder} and groups them by a key computed from {@code V}. */
  public <K, V> KeyValueGroupedDataset<K, V> groupByKey(Encoder<V> valueEncoder, MapFunction<V, K> keyFunction,
      Encoder<K> keyEncoder) {
    return new KeyValueGroupedDataset<>(plan, keyFunction, keyEncoder, Optional.of(valueEncoder));
  }

  // ---- event time and deduplication ----

  /**
   * Declares {@code eventTimeColumn} (a TIMESTAMP) as this stream's event time, with the watermark trailing the
   * largest event time seen by {@code delay} (e.g. {@code "10 seconds"}).
   */
  public Dataset withWatermark(String eventTimeColumn, String delay) {
    return new Dataset(new EventTimeWatermark(Plans.nextId(), eventTimeColumn, Durations.parse(delay), plan));
  }

  /** Keeps the first row of each distinct whole row. State grows forever on a stream: prefer keys and a watermark. */
  public Dataset dropDuplicates() {
    return new Dataset(new Deduplicate(Plans.nextId(), List.of(), false, plan));
  }

  /**
   * Keeps the first row of each key. On a stream without the event-time column among the keys the state grows
   * forever; with it and a watermark, keys are forgotten once the watermark passes.
   */
  public Dataset dropDuplicates(String... keys) {
    return new Dataset(new Deduplicate(Plans.nextId(), List.of(keys), false, plan));
  }

  /**
   * Keeps the first row of each key, remembering a key until the watermark passes the first copy's event time plus
   * the watermark delay (Spark's {@code dropDuplicatesWithinWatermark}). Needs a watermark.
   */
  public Dataset dropDuplicatesWithinWatermark(String... keys) {
    return new Dataset(new Deduplicate(Plans.nextId(), List.of(keys), true, plan));
  }

  static List<Expression> exprs(List<Column> columns) {
    return new ArrayList<>(columns.stream().map(Column::expr).toList());
  }
}
