package dev.millrace.plan;

import static dev.millrace.dataset.Functions.coalesce;
import static dev.millrace.dataset.Functions.col;
import static dev.millrace.dataset.Functions.count;
import static dev.millrace.dataset.Functions.countDistinct;
import static dev.millrace.dataset.Functions.lit;
import static dev.millrace.dataset.Functions.max;
import static dev.millrace.dataset.Functions.sum;
import static dev.millrace.dataset.Functions.upper;
import static dev.millrace.dataset.Functions.when;
import static dev.millrace.dataset.Functions.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.dataset.Dataset;
import dev.millrace.errors.AnalysisException;
import dev.millrace.expr.Cast;
import dev.millrace.expr.ColumnRef;
import dev.millrace.expr.Comparison;
import dev.millrace.plan.internal.Analyzer;
import dev.millrace.types.DataType;
import dev.millrace.types.Schema;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnalyzerTest {

  private static final Schema EVENTS =
      Schema.parse("event_id STRING, user_id STRING, event_time TIMESTAMP, page STRING, amount DOUBLE, qty INT");
  private static final Schema USERS = Schema.parse("user_id STRING, country STRING, since TIMESTAMP");

  private final Analyzer analyzer = new Analyzer(
      name -> Optional.ofNullable(Map.of("events", EVENTS, "users", USERS).get(name)));

  private static Dataset events() {
    return new Dataset(new TableRead(Plans.nextId(), "events", true, Optional.empty()));
  }

  private static Dataset users() {
    return new Dataset(new TableRead(Plans.nextId(), "users", false, Optional.empty()));
  }

  private LogicalPlan analyze(Dataset ds) {
    return analyzer.analyze(ds.plan());
  }

  @Test
  void bindsColumnsToInputPositions() {
    var p = (Project) analyze(events().select(col("amount"), col("event_id")));

    assertThat(p.exprs()).containsExactly(
        new ColumnRef(4, "amount", DataType.DOUBLE, true),
        new ColumnRef(0, "event_id", DataType.STRING, true));
    assertThat(p.schema().toDdl()).isEqualTo("amount DOUBLE, event_id STRING");
  }

  @Test
  void widensIntegerOperandsAndDividesAsDouble() {
    var p = (Project) analyze(events().select(
        col("qty").plus(1L).as("a"), col("qty").divide(2).as("b"), col("qty").multiply(col("amount")).as("c")));

    assertThat(p.schema().toDdl()).isEqualTo("a LONG, b DOUBLE, c DOUBLE");
    assertThat(p.exprs().get(0).sql()).isEqualTo("(CAST(qty AS LONG) + 1) AS a");
    assertThat(p.exprs().get(1).sql()).isEqualTo("(CAST(qty AS DOUBLE) / 2.0) AS b");
  }

  @Test
  void castsAStringComparedWithATimestamp() {
    var f = (Filter) analyze(events().filter(col("event_time").geq("2026-01-01T00:00:00Z")));

    var cmp = (Comparison) f.condition();
    assertThat(cmp.right()).isInstanceOf(Cast.class);
    assertThat(cmp.right().dataType()).isEqualTo(DataType.TIMESTAMP);
  }

  @Test
  void rejectsComparingIncompatibleTypes() {
    assertThatThrownBy(() -> analyze(events().filter(col("event_time").gt(5))))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("Cannot compare event_time (TIMESTAMP) with 5 (INT). Cast one side so the types agree");
  }

  @Test
  void rejectsArithmeticOnStrings() {
    assertThatThrownBy(() -> analyze(events().select(col("page").plus(1))))
        .hasMessageStartingWith("Cannot apply + to page (STRING) and 1 (INT): arithmetic needs numbers");
  }

  @Test
  void rejectsANonBooleanFilter() {
    assertThatThrownBy(() -> analyze(events().filter(col("amount"))))
        .hasMessage("The filter condition amount is DOUBLE, but must be a BOOLEAN, e.g. col(\"amount\").gt(0)");
  }

  @Test
  void withColumnReplacesInPlaceOrAppends() {
    LogicalPlan p = analyze(events().withColumn("page", upper(col("page"))).withColumn("double_qty",
        col("qty").multiply(2)));

    assertThat(p.schema().toDdl()).isEqualTo("event_id STRING, user_id STRING, event_time TIMESTAMP, page STRING, "
        + "amount DOUBLE, qty INT, double_qty INT");
    assertThat(p).isInstanceOf(Project.class);
  }

  @Test
  void dropAndRenameAreProjections() {
    LogicalPlan p = analyze(events().drop("page", "no_such_column").withColumnRenamed("qty", "quantity"));

    assertThat(p.schema().names()).containsExactly("event_id", "user_id", "event_time", "amount", "quantity");
  }

  @Test
  void expandsStar() {
    LogicalPlan p = analyze(events().select(col("*")));

    assertThat(p.schema()).isEqualTo(EVENTS);
  }

  @Test
  void rejectsTwoOutputColumnsWithOneName() {
    assertThatThrownBy(() -> analyze(events().select(col("page"), col("event_id").as("page"))))
        .hasMessage("The result would have two columns named 'page' (page, page). Give one of them another name "
            + "with .as(\"...\")");
  }

  @Test
  void aggregatesHaveGroupingColumnsFirstAndSparkResultTypes() {
    LogicalPlan p = analyze(events().groupBy(window(col("event_time"), "1 minute"), col("user_id")).agg(
        count().as("n"), sum(col("qty")).as("q"), sum(col("amount")).as("a"), countDistinct(col("page")),
        max(col("event_time")).as("latest")));

    assertThat(p.schema().toDdl()).isEqualTo("window STRUCT<start: TIMESTAMP, end: TIMESTAMP>, user_id STRING, "
        + "n LONG NOT NULL, q LONG, a DOUBLE, `count(DISTINCT page)` LONG NOT NULL, latest TIMESTAMP");
  }

  @Test
  void groupByCountNamesItsColumnCount() {
    assertThat(analyze(events().groupBy("page").count()).schema().toDdl())
        .isEqualTo("page STRING, count LONG NOT NULL");
  }

  @Test
  void rejectsAnUngroupedColumnInAgg() {
    assertThatThrownBy(() -> analyze(events().groupBy("page").agg(count(), col("user_id").as("u"))))
        .hasMessageStartingWith("agg(user_id AS u) is not an aggregate");
    assertThatThrownBy(() -> analyze(events().groupBy("page").agg(sum(col("qty")).plus(col("qty")))))
        .hasMessage("Column 'qty' is used in agg(...) outside an aggregate function but is not grouped by. Add it to "
            + "groupBy(...) or wrap it in an aggregate such as first(col(\"qty\"))");
  }

  @Test
  void rejectsAggregatesInASelectAndSumOfStrings() {
    assertThatThrownBy(() -> analyze(events().select(count())))
        .hasMessage("Aggregate functions are not allowed in select (count(1)); use groupBy(...).agg(...)");
    assertThatThrownBy(() -> analyze(events().groupBy("page").agg(sum(col("user_id")))))
        .hasMessage("sum(user_id) needs a number, but the argument is STRING. Cast it, e.g. col(\"x\").cast(\"DOUBLE\")");
  }

  @Test
  void resolvesStructFieldsByDottedName() {
    Dataset windows = events().groupBy(window(col("event_time"), "1 minute")).count();
    LogicalPlan p = analyze(windows.select(col("window.start"), col("window").getField("end"), col("count")));

    assertThat(p.schema().toDdl()).isEqualTo("start TIMESTAMP, end TIMESTAMP, count LONG NOT NULL");
  }

  @Test
  void joinsWithColumnsOfEachSide() {
    Dataset e = events();
    Dataset u = users();
    LogicalPlan p = analyze(e.join(u.withColumnRenamed("user_id", "uid"), e.col("user_id").equalTo(col("uid")),
        "left"));

    assertThat(p.schema().toDdl()).isEqualTo("event_id STRING, user_id STRING, event_time TIMESTAMP, page STRING, "
        + "amount DOUBLE, qty INT, uid STRING, country STRING, since TIMESTAMP");
    var j = (Join) p;
    assertThat(j.condition().orElseThrow().sql()).isEqualTo("(user_id = uid)");
    assertThat(((Comparison) j.condition().get()).right()).isEqualTo(new ColumnRef(6, "uid", DataType.STRING, true));
  }

  @Test
  void joinUsingKeepsOneCopyOfTheKey() {
    LogicalPlan p = analyze(events().join(users(), "user_id"));

    assertThat(p.schema().names()).containsExactly("user_id", "event_id", "event_time", "page", "amount", "qty",
        "country", "since");
  }

  @Test
  void reportsAnAmbiguousJoinColumn() {
    Dataset e = events();
    Dataset u = users();
    assertThatThrownBy(() -> analyze(e.join(u, col("user_id").equalTo(col("user_id")))))
        .hasMessage("Column 'user_id' in join is ambiguous: both inputs of the join have it. Say which one with "
            + "left.col(\"user_id\") or right.col(\"user_id\")");
  }

  @Test
  void reportsAJoinWhoseOutputWouldRepeatAColumn() {
    Dataset e = events();
    Dataset u = users();
    assertThatThrownBy(() -> analyze(e.join(u, e.col("user_id").equalTo(u.col("user_id")))))
        .hasMessage("The join result would have two columns named 'user_id' (one from each side). Rename them on one "
            + "side first with withColumnRenamed, or join on them with join(other, List.of(...), type)");
  }

  @Test
  void caseWhenAndCoalesceTakeACommonType() {
    LogicalPlan p = analyze(events().select(
        when(col("qty").gt(10), lit(1L)).when(col("qty").gt(5), 2).otherwise(3).as("bucket"),
        coalesce(col("qty"), lit(0L)).as("q"), coalesce(col("page"), lit(null)).as("p")));

    assertThat(p.schema().toDdl()).isEqualTo("bucket LONG NOT NULL, q LONG NOT NULL, p STRING");
  }

  @Test
  void explainsAPlanAsIndentedText() {
    Dataset e = events();
    Dataset joined = e.withWatermark("event_time", "10 seconds").join(users(), "user_id")
        .filter(col("amount").gt(0));

    assertThat(joined.explain()).isEqualTo("""
        Filter (amount > 0)
        +- Join inner using [user_id]
           :- EventTimeWatermark event_time, 10 seconds
           :  +- TableRead events [streaming]
           +- TableRead users [snapshot]
        """);
  }

  @Test
  void timestampsMoveByIntervals() {
    var p = (Project) analyze(events().select(
        col("event_time").plus(dev.millrace.dataset.Functions.interval("1 hour")).as("later"),
        col("event_time").minus(java.time.Duration.ofSeconds(90)).as("earlier")));

    assertThat(p.schema().toDdl()).isEqualTo("later TIMESTAMP, earlier TIMESTAMP");
    assertThat(p.exprs().get(0).sql()).isEqualTo("(event_time + INTERVAL '1 hour') AS later");
    assertThat(p.exprs().get(1).sql()).isEqualTo("(event_time - INTERVAL '90 seconds') AS earlier");
    assertThatThrownBy(() -> analyze(events().select(col("page").plus(java.time.Duration.ofHours(1)))))
        .isInstanceOf(AnalysisException.class).hasMessageStartingWith("timestamp_add(page: STRING");
  }
}
