package dev.millrace.runtime.planner;

import static dev.millrace.dataset.Functions.approxCountDistinct;
import static dev.millrace.dataset.Functions.col;
import static dev.millrace.dataset.Functions.count;
import static dev.millrace.dataset.Functions.length;
import static dev.millrace.dataset.Functions.max;
import static dev.millrace.dataset.Functions.sessionWindow;
import static dev.millrace.dataset.Functions.sum;
import static dev.millrace.dataset.Functions.upper;
import static dev.millrace.dataset.Functions.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.dataset.Dataset;
import dev.millrace.function.FlatMapFunction;
import dev.millrace.function.MapFunction;
import dev.millrace.plan.LogicalPlan;
import dev.millrace.plan.Plans;
import dev.millrace.plan.TableRead;
import dev.millrace.plan.internal.Analyzer;
import dev.millrace.runtime.operator.BatchClock;
import dev.millrace.runtime.operator.InternalValues;
import dev.millrace.runtime.operator.WatermarkOperator;
import dev.millrace.types.Encoders;
import dev.millrace.types.Row;
import dev.millrace.types.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Resolved plans planned into operators and run end to end by pushing internal rows into their leaves. */
class PhysicalPlannerTest {

  private static final Schema EVENTS =
      Schema.parse("event_id STRING, user_id STRING, event_time TIMESTAMP, page STRING, amount DOUBLE");
  private static final Schema USERS = Schema.parse("user_id STRING, country STRING");

  private final Analyzer analyzer =
      new Analyzer(name -> Optional.ofNullable(Map.of("events", EVENTS, "users", USERS).get(name)));
  private final List<List<Object>> out = new ArrayList<>();

  private static Dataset events(boolean streaming) {
    return new Dataset(new TableRead(Plans.nextId(), "events", streaming, Optional.empty()));
  }

  private static Dataset users(boolean streaming) {
    return new Dataset(new TableRead(Plans.nextId(), "users", streaming, Optional.empty()));
  }

  private PhysicalPlan plan(Dataset ds, boolean batch) {
    LogicalPlan resolved = analyzer.analyze(ds.plan());
    PhysicalPlan plan = new PhysicalPlanner("t", batch, new BatchClock()).plan(resolved);
    plan.setSink(row -> out.add(Arrays.asList(row)));
    plan.open();
    return plan;
  }

  private static PhysicalPlan.Leaf leaf(PhysicalPlan plan, String table) {
    return plan.leaves().stream().filter(l -> ((TableRead) l.source()).table().equals(table)).findFirst()
        .orElseThrow();
  }

  private static long at(String isoInstant) {
    return InternalValues.micros(Instant.parse(isoInstant));
  }

  private static Object[] event(String id, String user, String time, String page, Double amount) {
    return new Object[] {id, user, time == null ? null : at(time), page, amount};
  }

  /** Pushes the rows into the plan's only leaf and ends the batch. */
  private static void run(PhysicalPlan plan, Object[]... rows) {
    assertThat(plan.leaves()).hasSize(1);
    for (Object[] row : rows) {
      plan.leaves().get(0).entry().collect(row);
    }
    plan.endOfBatch();
  }

  // ---- stateless operators, streaming ----

  @Test
  void filterAndProjectComputeTheSelectedColumnsOfMatchingRows() {
    PhysicalPlan plan = plan(events(true).filter(col("amount").gt(0))
        .select(upper(col("page")).as("page"), col("amount").multiply(2).as("double_amount")), false);

    run(plan, event("1", "u1", "2026-01-01T00:00:00Z", "home", 5.0),
        event("2", "u1", "2026-01-01T00:00:01Z", "cart", -1.0),
        event("3", "u2", "2026-01-01T00:00:02Z", "cart", null),
        event("4", "u2", "2026-01-01T00:00:03Z", "cart", 0.5));

    assertThat(out).containsExactly(List.of("HOME", 10.0), List.of("CART", 1.0));
    assertThat(plan.schema().toDdl()).isEqualTo("page STRING, double_amount DOUBLE");
  }

  @Test
  void withColumnAndDropArePlannedAsProjections() {
    PhysicalPlan plan = plan(events(true).withColumn("len", length(col("page"))).drop("event_id", "event_time",
        "amount"), false);

    run(plan, event("1", "u1", "2026-01-01T00:00:00Z", "home", 5.0));

    assertThat(out).containsExactly(List.of("u1", "home", 4));
  }

  @Test
  void unionPassesTheRowsOfEveryInput() {
    PhysicalPlan plan = plan(events(true).select(col("user_id")).union(users(true).select(col("user_id"))), false);

    leaf(plan, "events").entry().collect(event("1", "u1", "2026-01-01T00:00:00Z", "home", 1.0));
    leaf(plan, "users").entry().collect(new Object[] {"u9", "NL"});
    leaf(plan, "events").entry().collect(event("2", "u2", "2026-01-01T00:00:00Z", "home", 1.0));
    plan.endOfBatch();

    assertThat(out).containsExactly(List.of("u1"), List.of("u9"), List.of("u2"));
    assertThat(plan.leaves()).hasSize(2);
  }

  @Test
  void mapAndFlatMapRunTheUserFunctionOnExternalRows() {
    MapFunction<Row, String> describe = r -> r.get(3) + "@" + r.get(2);
    PhysicalPlan plan = plan(events(true).map(describe, Encoders.STRING), false);

    run(plan, event("1", "u1", "2026-01-01T00:00:00Z", "home", 1.0));

    assertThat(out).containsExactly(List.of("home@2026-01-01T00:00:00Z"));

    out.clear();
    FlatMapFunction<Row, String> words = r -> List.of(((String) r.get(3)).split("/")).iterator();
    PhysicalPlan flat = plan(events(true).flatMap(words, Encoders.STRING), false);

    run(flat, event("1", "u1", "2026-01-01T00:00:00Z", "shop/cart", 1.0));

    assertThat(out).containsExactly(List.of("shop"), List.of("cart"));
  }

  @Test
  void watermarkPassesRowsAndTracksTheLargestEventTime() {
    PhysicalPlan plan = plan(events(true).withWatermark("event_time", "10 seconds").filter(col("amount").gt(0)),
        false);

    run(plan, event("1", "u1", "2026-01-01T00:00:05Z", "home", 1.0),
        event("2", "u1", "2026-01-01T00:00:09Z", "home", -1.0),
        event("3", "u1", null, "home", 1.0),
        event("4", "u1", "2026-01-01T00:00:07Z", "home", 1.0));

    assertThat(out).hasSize(3);
    assertThat(plan.watermarks()).hasSize(1);
    WatermarkOperator w = plan.watermarks().get(0);
    assertThat(w.delayMicros()).isEqualTo(10_000_000L);
    assertThat(w.maxEventTime()).isEqualTo(at("2026-01-01T00:00:09Z"));
  }

  @Test
  void operatorsAreListedInputsFirst() {
    PhysicalPlan plan = plan(events(true).withWatermark("event_time", "10 seconds").filter(col("amount").gt(0))
        .select(col("page")), false);

    assertThat(plan.operators()).extracting(o -> o.name())
        .containsExactly("EventTimeWatermark", "Filter", "Project");
  }

  // ---- batch aggregation (materialized views) ----

  @Test
  void batchAggregateGroupsInFirstSeenOrder() {
    PhysicalPlan plan = plan(events(false).groupBy(col("page")).agg(count().as("views"),
        sum(col("amount")).as("revenue")), true);

    run(plan, event("1", "u1", "2026-01-01T00:00:00Z", "home", 1.0),
        event("2", "u2", "2026-01-01T00:00:00Z", "cart", null),
        event("3", "u1", "2026-01-01T00:00:00Z", "home", 2.5));

    assertThat(out).containsExactly(List.of("home", 2L, 3.5), Arrays.asList("cart", 1L, null));
  }

  @Test
  void compositeAggregateExpressionIsComputedFromTheCallResults() {
    PhysicalPlan plan = plan(events(false).groupBy(col("page")).agg(
        sum(col("amount")).divide(count()).as("avg_amount"),
        count().plus(length(col("page"))).as("views_plus_len"),
        count().as("views")), true);

    run(plan, event("1", "u1", "2026-01-01T00:00:00Z", "home", 1.0),
        event("2", "u2", "2026-01-01T00:00:00Z", "cart", 3.0),
        event("3", "u1", "2026-01-01T00:00:00Z", "home", 2.0));

    assertThat(out).containsExactly(List.of("home", 1.5, 6L, 2L), List.of("cart", 3.0, 5L, 1L));
    assertThat(plan.schema().toDdl())
        .isEqualTo("page STRING, avg_amount DOUBLE, views_plus_len LONG, views LONG NOT NULL");
  }

  @Test
  void theSameAggregateTwiceFillsBothColumns() {
    PhysicalPlan plan = plan(events(false).groupBy(col("page")).agg(count().as("a"), count().as("b")), true);

    run(plan, event("1", "u1", "2026-01-01T00:00:00Z", "home", 1.0));

    assertThat(out).containsExactly(List.of("home", 1L, 1L));
  }

  @Test
  void globalAggregateOfAnEmptySnapshotIsOneRow() {
    PhysicalPlan plan = plan(events(false).groupBy(new dev.millrace.dataset.Column[0]).agg(count().as("n"), sum(col("amount")).as("total"),
        sum(col("amount")).divide(count()).as("mean")), true);

    run(plan);

    assertThat(out).containsExactly(Arrays.asList(0L, null, null));
  }

  @Test
  void windowGroupingExpandsRowsIntoTheirWindows() {
    PhysicalPlan plan = plan(events(false).groupBy(window(col("event_time"), "10 minutes", "5 minutes"),
        col("user_id")).agg(count().as("events"), max(col("amount")).as("top")), true);

    run(plan, event("1", "u1", "2026-01-01T12:07:00Z", "home", 1.0),
        event("2", "u1", "2026-01-01T12:03:00Z", "home", 4.0),
        event("3", "u2", null, "home", 9.0));

    var rows = out.stream().map(r -> {
      Object[] w = (Object[]) r.get(0);
      return InternalValues.instant((Long) w[0]) + "/" + InternalValues.instant((Long) w[1]) + " " + r.get(1) + " "
          + r.get(2) + " " + r.get(3);
    }).toList();
    assertThat(rows).containsExactlyInAnyOrder(
        "2026-01-01T12:05:00Z/2026-01-01T12:15:00Z u1 1 1.0",
        "2026-01-01T12:00:00Z/2026-01-01T12:10:00Z u1 2 4.0",
        "2026-01-01T11:55:00Z/2026-01-01T12:05:00Z u1 1 4.0");
    assertThat(plan.schema().names()).containsExactly("window", "user_id", "events", "top");
  }

  @Test
  void windowGroupingWithACompositeAggregate() {
    PhysicalPlan plan = plan(events(false).groupBy(window(col("event_time"), "1 hour"))
        .agg(sum(col("amount")).divide(count()).as("mean")), true);

    run(plan, event("1", "u1", "2026-01-01T12:07:00Z", "home", 1.0),
        event("2", "u1", "2026-01-01T12:59:59Z", "home", 4.0));

    assertThat(out).hasSize(1);
    assertThat((Object[]) out.get(0).get(0)).containsExactly(at("2026-01-01T12:00:00Z"), at("2026-01-01T13:00:00Z"));
    assertThat(out.get(0).get(1)).isEqualTo(2.5);
  }

  @Test
  void batchDropDuplicatesKeepsTheFirstRowOfEachKey() {
    PhysicalPlan plan = plan(events(false).dropDuplicates("user_id").select(col("event_id")), true);

    run(plan, event("1", "u1", "2026-01-01T00:00:00Z", "home", 1.0),
        event("2", "u2", "2026-01-01T00:00:00Z", "home", 1.0),
        event("3", "u1", "2026-01-01T00:00:00Z", "cart", 1.0));

    assertThat(out).containsExactly(List.of("1"), List.of("2"));
  }

  @Test
  void batchDropDuplicatesWithoutKeysComparesWholeRows() {
    PhysicalPlan plan = plan(users(false).dropDuplicates(), true);

    run(plan, new Object[] {"u1", "NL"}, new Object[] {"u1", "DE"}, new Object[] {"u1", "NL"});

    assertThat(out).containsExactly(List.of("u1", "NL"), List.of("u1", "DE"));
  }

  // ---- what this version cannot run ----

  @Test
  void streamingAggregationsAndDeduplicationGetStatefulOperatorsWithStableStateNames() {
    LogicalPlan aggregated = analyzer.analyze(events(true).groupBy(col("page")).agg(count().as("n")).plan());
    PhysicalPlan update = new PhysicalPlanner("t", false, new BatchClock(), dev.millrace.streaming.OutputMode.UPDATE,
        3).plan(aggregated);
    assertThat(update.statefulOperators()).extracting(op -> op.stateName() + "/" + op.partitions())
        .containsExactly("aggregate-0/3");

    LogicalPlan deduped = analyzer.analyze(events(true).withWatermark("event_time", "1 minute")
        .dropDuplicatesWithinWatermark("event_id").dropDuplicates("page").plan());
    PhysicalPlan dedupe = new PhysicalPlanner("t", false, new BatchClock()).plan(deduped);
    assertThat(dedupe.statefulOperators()).extracting(op -> op.stateName() + ":" + op.usesWatermark())
        .containsExactly("dedupe-1:true", "dedupe-0:true"); // bottom-up, named top-down; both see the watermark
  }

  @Test
  void aStreamStreamJoinGetsASymmetricHashJoinAndAStreamStaticJoinAHashJoin() {
    Dataset left = events(true).withWatermark("event_time", "10 seconds");
    Dataset right = events(true).select(col("event_id").as("id2"), col("event_time").as("t2"))
        .withWatermark("t2", "10 seconds");
    PhysicalPlan joined = plan(left.join(right, left.col("event_id").equalTo(right.col("id2"))
        .and(right.col("t2").between(left.col("event_time"), left.col("event_time").plus(
            java.time.Duration.ofMinutes(5))))), false);
    assertThat(joined.statefulOperators()).extracting(op -> op.stateName() + ":" + op.usesWatermark())
        .containsExactly("join-0:true");
    Dataset unbounded = events(true).select(col("event_id").as("id2"));
    assertThatThrownBy(() -> plan(left.join(unbounded, left.col("event_id").notEqual(unbounded.col("id2"))), false))
        .isInstanceOf(NotSupportedException.class)
        .hasMessageStartingWith("table 't': a join of two streams needs at least one equality");
    assertThat(plan(events(true).join(users(false), "user_id"), false).operators())
        .extracting(dev.millrace.runtime.operator.Operator::name).contains("HashJoin");
  }

  @Test
  void sessionWindowsAreNotSupportedInBatchAggregation() {
    assertThatThrownBy(() -> plan(events(false).groupBy(sessionWindow(col("event_time"), "5 minutes"))
        .agg(count().as("n")), true))
        .isInstanceOf(NotSupportedException.class)
        .hasMessageStartingWith("table 't': sessionWindow(...)");
  }
}
