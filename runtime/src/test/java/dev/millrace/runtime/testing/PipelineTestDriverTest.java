package dev.millrace.runtime.testing;

import static dev.millrace.dataset.Functions.col;
import static dev.millrace.dataset.Functions.count;
import static dev.millrace.dataset.Functions.sum;
import static dev.millrace.dataset.Functions.upper;
import static dev.millrace.dataset.Functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.annotation.MaterializedView;
import dev.millrace.annotation.StreamingTable;
import dev.millrace.annotation.Watermark;
import dev.millrace.config.PipelineConfig;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.errors.MillraceException;
import dev.millrace.runtime.engine.TableProgress;
import dev.millrace.types.Encoders;
import dev.millrace.types.Row;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every stateless operation through the test driver, batch by batch, with hand-worked expected rows. */
class PipelineTestDriverTest {

  static final String ORDERS = "order_id STRING, customer STRING, placed_at TIMESTAMP, qty INT, price DOUBLE, "
      + "tags ARRAY<STRING>";

  /** A line of an order, as a record for typed map functions. */
  public record Line(String order_id, int qty, double price) {}

  /** A summary a typed map produces. */
  public record Total(String order_id, double total) {}

  public static class Shop {
    @StreamingTable
    public Dataset rawOrders(PipelineContext ctx) {
      return ctx.readStream().format("json").schema(ORDERS).load("/unused");
    }

    @StreamingTable
    @Watermark(column = "placed_at", delay = "1 minute")
    public Dataset orders(PipelineContext ctx) {
      return ctx.readStream("raw_orders")
          .filter(col("qty").gt(0))
          .withColumn("total", col("qty").multiply(col("price")))
          .withColumnRenamed("customer", "customer_id")
          .drop("_corrupt_record", "tags");
    }

    @StreamingTable
    public Dataset bigOrders(PipelineContext ctx) {
      return ctx.readStream("orders").filter(col("total").geq(100))
          .select(col("order_id"), upper(col("customer_id")).as("customer"),
              when(col("total").geq(1000), "huge").otherwise("big").as("size"));
    }

    @StreamingTable
    public Dataset allIds(PipelineContext ctx) {
      return ctx.readStream("orders").select(col("order_id"))
          .union(ctx.readStream("big_orders").select(col("order_id")));
    }

    @StreamingTable
    public Dataset tags(PipelineContext ctx) {
      return ctx.readStream("raw_orders").flatMap(
          row -> row.isNullAt(5) ? List.<String>of().iterator() : row.<String>getList(5).iterator(), Encoders.STRING);
    }

    @StreamingTable
    public Dataset totals(PipelineContext ctx) {
      return ctx.readStream("raw_orders").select(col("order_id"), col("qty"), col("price"))
          .map(Encoders.of(Line.class), l -> new Total(l.order_id(), l.qty() * l.price()), Encoders.of(Total.class));
    }

    @MaterializedView
    public Dataset revenue(PipelineContext ctx) {
      return ctx.read("orders").groupBy(col("customer_id"))
          .agg(count().as("orders"), sum(col("total")).as("revenue"));
    }
  }

  private static Instant t(String time) {
    return Instant.parse("2026-01-01T" + time + "Z");
  }

  private static PipelineTestDriver driver() {
    return PipelineTestDriver.create(new Shop(), PipelineConfig.defaults())
        .clock(Clock.fixed(t("12:00:00"), ZoneOffset.UTC));
  }

  @Test
  void runsEveryStatelessOperationBatchByBatch() {
    try (var driver = driver()) {
      MemoryStream orders = driver.memoryStream("raw_orders");
      orders.addBatch(
          Row.of("o1", "ann", t("10:00:00"), 2, 30.0, List.of("new", "web")),
          Row.of("o2", "bob", t("10:01:00"), 0, 99.0, null),
          Row.of("o3", "cy", t("10:02:00"), 10, 150.0, List.of()));
      driver.processAllAvailable();
      orders.addBatch(Row.of("o4", "ann", t("10:03:00"), 1, 120.5, List.of("app")));
      driver.processAllAvailable();

      assertThat(driver.emitted("orders")).isEqualTo(Map.of(
          0L, List.of(Row.of("o1", "ann", t("10:00:00"), 2, 30.0, 60.0),
              Row.of("o3", "cy", t("10:02:00"), 10, 150.0, 1500.0)),
          1L, List.of(Row.of("o4", "ann", t("10:03:00"), 1, 120.5, 120.5))));
      assertThat(driver.table("big_orders")).containsExactly(
          Row.of("o3", "CY", "huge"), Row.of("o4", "ANN", "big"));
      assertThat(driver.table("all_ids")).extracting(r -> r.getString(0))
          .containsExactlyInAnyOrder("o1", "o3", "o4", "o3", "o4");
      assertThat(driver.table("tags")).containsExactly(Row.of("new"), Row.of("web"), Row.of("app"));
      assertThat(driver.table("totals")).containsExactly(
          Row.of("o1", 60.0), Row.of("o2", 0.0), Row.of("o3", 1500.0), Row.of("o4", 120.5));
      assertThat(driver.table("revenue")).containsExactlyInAnyOrder(
          Row.of("ann", 2L, 180.5), Row.of("cy", 1L, 1500.0));
    }
  }

  @Test
  void aBatchWithNothingNewRunsNoBatch() {
    try (var driver = driver()) {
      MemoryStream orders = driver.memoryStream("raw_orders");
      orders.addBatch(Row.of("o1", "ann", t("10:00:00"), 2, 30.0, null));
      driver.processAllAvailable();
      driver.processAllAvailable();

      assertThat(driver.emitted("raw_orders")).containsOnlyKeys(0L);
      assertThat(driver.lastRun().table("raw_orders").orElseThrow().batches()).isZero();
    }
  }

  @Test
  void recordsTheWatermarkOfTheEventTimesSeen() {
    try (var driver = driver()) {
      MemoryStream orders = driver.memoryStream("raw_orders");
      orders.addBatch(Row.of("o1", "ann", t("10:00:00"), 2, 30.0, null), Row.of("o2", "bob", t("10:05:00"), 1,
          1.0, null));
      driver.processAllAvailable();

      // max event time 10:05 minus the 1 minute delay.
      TableProgress orders1 = driver.lastRun().table("orders").orElseThrow();
      assertThat(orders1.watermark()).isEqualTo(t("10:04:00").toEpochMilli() * 1000);
    }
  }

  @Test
  void restartContinuesAfterTheLastCommittedBatch() {
    try (var driver = driver()) {
      MemoryStream orders = driver.memoryStream("raw_orders");
      orders.addBatch(Row.of("o1", "ann", t("10:00:00"), 2, 30.0, null));
      driver.processAllAvailable();
      driver.restart();
      orders.addBatch(Row.of("o2", "bob", t("10:01:00"), 3, 10.0, null));
      driver.processAllAvailable();

      assertThat(driver.emitted("orders").keySet()).containsExactly(0L, 1L);
      assertThat(driver.emitted("orders").get(1L)).containsExactly(Row.of("o2", "bob", t("10:01:00"), 3, 10.0, 30.0));
    }
  }

  @Test
  void fullRefreshRecomputesATableAndItsStreamingReaders() {
    try (var driver = driver()) {
      MemoryStream orders = driver.memoryStream("raw_orders");
      orders.addBatch(Row.of("o1", "ann", t("10:00:00"), 2, 300.0, null));
      driver.processAllAvailable();
      orders.addBatch(Row.of("o2", "bob", t("10:01:00"), 3, 10.0, null));
      driver.processAllAvailable();

      var result = driver.fullRefresh(Set.of("orders"));

      assertThat(result.refreshed()).containsExactly("orders", "big_orders", "all_ids");
      // Recomputed from raw_orders' two batches, one upstream batch per batch.
      assertThat(driver.emitted("orders")).containsOnlyKeys(0L, 1L);
      assertThat(driver.table("orders")).hasSize(2);
      assertThat(driver.table("big_orders")).containsExactly(Row.of("o1", "ANN", "big"));
      assertThat(driver.table("all_ids")).hasSize(3);
      assertThat(driver.emitted("raw_orders")).containsOnlyKeys(0L, 1L); // not refreshed
    }
  }

  @Test
  void aMaterializedViewFollowsNewData() {
    try (var driver = driver()) {
      MemoryStream orders = driver.memoryStream("raw_orders");
      orders.addBatch(Row.of("o1", "ann", t("10:00:00"), 2, 30.0, null));
      driver.processAllAvailable();
      assertThat(driver.table("revenue")).containsExactly(Row.of("ann", 1L, 60.0));

      orders.addBatch(Row.of("o2", "ann", t("10:01:00"), 1, 5.0, null), Row.of("o3", "bob", t("10:02:00"), 1, 7.0,
          null));
      driver.processAllAvailable();

      assertThat(driver.table("revenue")).containsExactlyInAnyOrder(Row.of("ann", 2L, 65.0), Row.of("bob", 1L, 7.0));
    }
  }

  @Test
  void aFailingMapFunctionNamesTheTableAndBatch() {
    try (var driver = PipelineTestDriver.create(new Failing(), PipelineConfig.defaults())) {
      driver.memoryStream("raw_orders").addBatch(Row.of("o1", "ann", t("10:00:00"), 0, 1.0, null));

      assertThatThrownBy(driver::processAllAvailable)
          .isInstanceOf(MillraceException.class)
          .hasMessage("Table 'broken' failed in batch 0 reading table raw_orders (batches 0 to 0): the map function "
              + "failed on row [o1,ann,2026-01-01T10:00:00Z,0,1.0,null,null]: java.lang.ArithmeticException: / by zero");
      assertThat(driver.lastRun().table("raw_orders").orElseThrow().status()).isEqualTo(TableProgress.Status.OK);
    }
  }

  @Test
  void rejectsRowsThatDoNotMatchTheSourceSchema() {
    try (var driver = driver()) {
      MemoryStream orders = driver.memoryStream("raw_orders");

      assertThatThrownBy(() -> orders.addBatch(Row.of("o1", "ann", "not a time", 1, 1.0, null)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("placed_at");
    }
  }

  public static class Failing {
    @StreamingTable
    public Dataset rawOrders(PipelineContext ctx) {
      return ctx.readStream().format("json").schema(ORDERS).load("/unused");
    }

    @StreamingTable
    public Dataset broken(PipelineContext ctx) {
      return ctx.readStream("raw_orders").map(row -> 1 / row.getInt(3), Encoders.INT);
    }
  }

}
