package dev.millrace.runtime.semantics;

import static dev.millrace.dataset.Functions.col;
import static dev.millrace.dataset.Functions.count;
import static dev.millrace.dataset.Functions.window;
import static dev.millrace.runtime.semantics.Sem.config;
import static dev.millrace.runtime.semantics.Sem.s;
import static dev.millrace.runtime.semantics.Sem.win;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.annotation.StreamingTable;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.runtime.testing.MemoryStream;
import dev.millrace.runtime.testing.PipelineTestDriver;
import dev.millrace.streaming.OutputMode;
import dev.millrace.types.Row;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * State goes back to zero once the watermark passes everything. The watermark is pushed by a far-future "tick" row
 * that a filter on the event-time column removes after the watermark operator has seen it, so the tick itself opens
 * no state. (A filter on another column would not do: Spark's optimizer pushes predicates that do not reference the
 * event time below EventTimeWatermark, so the tick would never move Spark's watermark.) Event times are seconds
 * after {@link Sem#BASE}.
 */
class StateBoundednessSemanticsTest {

  static final Instant TICK = s(1_000_000);

  private static Dataset watermarked(PipelineContext ctx) {
    return ctx.readStream("events").withWatermark("t", "10 seconds").filter(col("t").lt(TICK));
  }

  public static class Pipeline {
    @StreamingTable
    public Dataset events(PipelineContext ctx) {
      return ctx.readStream().format("json").schema("id STRING, t TIMESTAMP").load("/unused");
    }

    @StreamingTable(outputMode = OutputMode.APPEND)
    public Dataset windows(PipelineContext ctx) {
      return watermarked(ctx).groupBy(window(col("t"), "5 seconds")).agg(count().as("n"));
    }

    @StreamingTable
    public Dataset withinWatermark(PipelineContext ctx) {
      return watermarked(ctx).dropDuplicatesWithinWatermark("id").select(col("id"), col("t"));
    }

    @StreamingTable
    public Dataset timeKeys(PipelineContext ctx) {
      return watermarked(ctx).dropDuplicates("id", "t").select(col("id"), col("t"));
    }
  }

  private static long stateKeys(PipelineTestDriver driver, String table) {
    return driver.lastRun().table(table).orElseThrow().stateKeys();
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void everyOperatorsStateIsEmptyOnceTheWatermarkHasPassedEveryRow(String provider) {
    try (var driver = PipelineTestDriver.create(new Pipeline(), config(provider))) {
      MemoryStream events = driver.memoryStream("events");
      events.addBatch(Row.of("a", s(10)), Row.of("b", s(12)), Row.of("a", s(13)), Row.of("c", s(40)));
      driver.processAllAvailable();
      // Watermark 30 s after batch 0; the no-data batch 1 emits [10,15) and forgets (a,10) (b,12) (a,13).
      assertThat(stateKeys(driver, "windows")).isEqualTo(1); // [40,45)
      assertThat(stateKeys(driver, "within_watermark")).isEqualTo(1 * 2); // a (until 20) and b (22) forgotten; c (50)
      assertThat(stateKeys(driver, "time_keys")).isEqualTo(1 * 2); // (c,40)

      events.addBatch(Row.of("tick", TICK));
      driver.processAllAvailable();
      assertThat(stateKeys(driver, "windows")).isZero();
      assertThat(stateKeys(driver, "within_watermark")).isZero();
      assertThat(stateKeys(driver, "time_keys")).isZero();
      List<Row> windows = driver.table("windows");
      assertThat(windows).containsExactlyInAnyOrder(Row.of(win(10, 15), 3L), Row.of(win(40, 45), 1L));
      assertThat(driver.table("within_watermark")).containsExactlyInAnyOrder(
          Row.of("a", s(10)), Row.of("b", s(12)), Row.of("c", s(40)));
    }
  }
}
