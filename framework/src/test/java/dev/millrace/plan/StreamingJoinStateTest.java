package dev.millrace.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.dataset.Column;
import dev.millrace.dataset.Dataset;
import dev.millrace.plan.internal.Analyzer;
import dev.millrace.types.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * State watermarks of stream-stream joins, worked out by hand with Spark's {@code StreamingJoinHelper} rule: solve
 * each conjunct {@code a < b} for one side's time with the other side's time above the watermark; the state
 * watermark is that bound in whole milliseconds (truncated), 1 ms lower for {@code <=}/{@code >=}, the smallest
 * over the conjuncts; rows at or below it are dropped.
 */
class StreamingJoinStateTest {

  private static final Schema IMPRESSIONS = Schema.parse("ad_id STRING, imp_time TIMESTAMP");
  private static final Schema CLICKS = Schema.parse("click_ad STRING, click_time TIMESTAMP, user_time TIMESTAMP");
  private static final long W = micros(Instant.parse("2026-01-01T12:00:00Z"));

  private final Analyzer analyzer = new Analyzer(
      name -> Optional.ofNullable(Map.of("impressions", IMPRESSIONS, "clicks", CLICKS).get(name)));

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  private static long seconds(double s) {
    return Math.round(s * 1_000_000);
  }

  private StreamingJoinState analyze(BiFunction<Dataset, Dataset, Column> condition, boolean watermarks) {
    Dataset i = new Dataset(new TableRead(Plans.nextId(), "impressions", true, Optional.empty()));
    Dataset c = new Dataset(new TableRead(Plans.nextId(), "clicks", true, Optional.empty()));
    if (watermarks) {
      i = i.withWatermark("imp_time", "10 seconds");
      c = c.withWatermark("click_time", "20 seconds");
    }
    LogicalPlan plan = analyzer.analyze(i.join(c, condition.apply(i, c), "inner").plan());
    return StreamingJoinState.of(Plans.collect(plan, Join.class).get(0));
  }

  private static Column keys(Dataset i, Dataset c) {
    return i.col("ad_id").equalTo(c.col("click_ad"));
  }

  @Test
  void aBetweenBoundsBothSides() {
    // click_time BETWEEN imp_time AND imp_time + 1 hour
    StreamingJoinState s = analyze((i, c) -> keys(i, c).and(c.col("click_time")
        .between(i.col("imp_time"), i.col("imp_time").plus(Duration.ofHours(1)))), true);

    // Impressions: click_time <= imp_time + 1h with click_time > W gives imp_time > W - 1h; inclusive: -1 ms.
    assertThat(s.leftBound().orElseThrow().timeColumn()).isEqualTo(1);
    assertThat(s.leftBound().orElseThrow().stateWatermark(W)).isEqualTo(W - seconds(3600) - 1000);
    // Clicks: click_time >= imp_time with imp_time > W gives click_time > W; inclusive: -1 ms.
    assertThat(s.rightBound().orElseThrow().timeColumn()).isEqualTo(1);
    assertThat(s.rightBound().orElseThrow().stateWatermark(W)).isEqualTo(W - 1000);
    assertThat(s.watermarkKey()).isEqualTo(-1);
    assertThat(s.leftKeys()).hasSize(1);
  }

  @Test
  void strictBoundsAndReversedComparisonsKeepTheWholeMillisecond() {
    // imp_time + 30 s > click_time (i.e. click_time < imp_time + 30 s) and click_time > imp_time - 5 s.
    StreamingJoinState s = analyze((i, c) -> keys(i, c)
        .and(i.col("imp_time").plus(Duration.ofSeconds(30)).gt(c.col("click_time")))
        .and(c.col("click_time").gt(i.col("imp_time").minus(Duration.ofSeconds(5)))), true);

    assertThat(s.leftBound().orElseThrow().stateWatermark(W)).isEqualTo(W - seconds(30));
    assertThat(s.rightBound().orElseThrow().stateWatermark(W)).isEqualTo(W - seconds(5));
  }

  @Test
  void theSmallestOfSeveralBoundsWinsAndSubMillisecondsAreTruncated() {
    StreamingJoinState s = analyze((i, c) -> keys(i, c)
        .and(c.col("click_time").lt(i.col("imp_time").plus(Duration.ofSeconds(10))))
        .and(c.col("click_time").lt(i.col("imp_time").plus(Duration.ofNanos(2_500_500)))), true);

    // Bounds W - 10 s and W - 2.5 ms (2.5005 ms is 2500 us): the state watermark is the smaller. On its own,
    // W - 2.5 ms is W/1000 - 2.5 in milliseconds, truncated (positive, so rounded down) to W - 3 ms.
    assertThat(s.leftBound().orElseThrow().bounds()).hasSize(2);
    assertThat(s.leftBound().orElseThrow().stateWatermark(W)).isEqualTo(W - seconds(10));
    assertThat(s.leftBound().orElseThrow().stateWatermark(W + seconds(10))).isEqualTo(W);
    assertThat(new StreamingJoinState.ValueBound(1, java.util.List.of(new StreamingJoinState.Bound(-2_500, false,
        "x"))).stateWatermark(W)).isEqualTo(W - 3_000);
    // Nothing bounds the clicks: click_time < imp_time + c only limits them from above.
    assertThat(s.rightBound()).isEmpty();
  }

  @Test
  void noBoundWithoutWatermarksOrOnAnUnwatermarkedColumn() {
    assertThat(analyze((i, c) -> keys(i, c).and(c.col("click_time").geq(i.col("imp_time"))), false).rightBound())
        .isEmpty();
    // user_time has no watermark: a range on it cannot bound the clicks.
    StreamingJoinState s = analyze((i, c) -> keys(i, c).and(c.col("user_time").geq(i.col("imp_time"))), true);
    assertThat(s.rightBound()).isEmpty();
    assertThat(s.leftExpires()).isFalse();
    assertThat(s.rightExpires()).isFalse();
  }

  @Test
  void aWatermarkedEqualityKeyBoundsBothSides() {
    StreamingJoinState s = analyze((i, c) -> keys(i, c).and(i.col("imp_time").equalTo(c.col("click_time"))), true);

    assertThat(s.watermarkKey()).isEqualTo(1);
    assertThat(s.leftExpires()).isTrue();
    assertThat(s.rightExpires()).isTrue();
  }
}
