package dev.millrace.runtime.semantics;

import static dev.millrace.dataset.Functions.col;
import static dev.millrace.runtime.semantics.Sem.config;
import static dev.millrace.runtime.semantics.Sem.ms;
import static dev.millrace.runtime.semantics.Sem.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.annotation.StreamingTable;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.runtime.engine.TableProgress;
import dev.millrace.runtime.testing.MemoryStream;
import dev.millrace.runtime.testing.PipelineTestDriver;
import dev.millrace.types.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Streaming de-duplication as Spark's StreamingDeduplicateExec and StreamingDeduplicateWithinWatermarkExec: a row
 * whose event time is at or below the watermark is late; {@code dropDuplicates} forgets a key only when the event-time
 * column is one of its keys and the watermark passes it; {@code dropDuplicatesWithinWatermark} forgets a key once the
 * watermark reaches its first row's event time plus the delay. Event times are seconds after {@link Sem#BASE}.
 *
 * <p>Millrace's {@code stateKeys()} counts two store entries per expiring key (the key and its expiry index), where
 * Spark's {@code numTotalStateRows} counts one; assertions say {@code keys * 2}.
 */
class DeduplicationSemanticsTest {

  private static Dataset events(PipelineContext ctx) {
    return ctx.readStream().format("json").schema("id STRING, t TIMESTAMP").load("/unused");
  }

  public static class NoWatermark {
    @StreamingTable
    public Dataset events(PipelineContext ctx) {
      return DeduplicationSemanticsTest.events(ctx);
    }

    @StreamingTable
    public Dataset unique(PipelineContext ctx) {
      return ctx.readStream("events").dropDuplicates("id").select(col("id"), col("t"));
    }
  }

  public static class WatermarkNotInKeys {
    @StreamingTable
    public Dataset events(PipelineContext ctx) {
      return DeduplicationSemanticsTest.events(ctx);
    }

    @StreamingTable
    public Dataset unique(PipelineContext ctx) {
      return ctx.readStream("events").withWatermark("t", "10 seconds").dropDuplicates("id").select(col("id"), col("t"));
    }
  }

  public static class WatermarkAmongKeys {
    @StreamingTable
    public Dataset events(PipelineContext ctx) {
      return DeduplicationSemanticsTest.events(ctx);
    }

    @StreamingTable
    public Dataset unique(PipelineContext ctx) {
      return ctx.readStream("events").withWatermark("t", "10 seconds").dropDuplicates().select(col("id"), col("t"));
    }
  }

  public static class WithinWatermark {
    @StreamingTable
    public Dataset events(PipelineContext ctx) {
      return DeduplicationSemanticsTest.events(ctx);
    }

    @StreamingTable
    public Dataset unique(PipelineContext ctx) {
      return ctx.readStream("events").withWatermark("t", "2 seconds").dropDuplicatesWithinWatermark("id").select(col("id"), col("t"));
    }
  }

  private static Row r(String id, long seconds) {
    return Row.of(id, s(seconds));
  }

  private static TableProgress unique(PipelineTestDriver driver) {
    return driver.lastRun().table("unique").orElseThrow();
  }

  /** Mirrors StreamingDeduplicationSuite "deduplicate with some columns": no watermark, keys kept forever. */
  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void dropDuplicatesWithoutWatermarkRemembersEveryKeyForever(String provider) {
    try (var driver = PipelineTestDriver.create(new NoWatermark(), config(provider))) {
      MemoryStream events = driver.memoryStream("events");
      events.addBatch(r("a", 10), r("a", 11), r("b", 12));
      driver.processAllAvailable();
      assertThat(driver.emitted("unique").get(0L)).containsExactlyInAnyOrder(r("a", 10), r("b", 12));
      assertThat(unique(driver).duplicatesDropped()).isEqualTo(1);

      events.addBatch(r("a", 100), r("c", 5));
      driver.processAllAvailable();
      assertThat(driver.emitted("unique").get(1L)).containsExactly(r("c", 5));

      events.addBatch(r("b", 100_000), r("a", 100_000));
      driver.processAllAvailable();
      // No watermark: nothing is ever late or forgotten, and no no-data batch ever runs.
      assertThat(driver.emitted("unique")).hasSize(3);
      assertThat(driver.emitted("unique").get(2L)).isEmpty();
      assertThat(unique(driver).duplicatesDropped()).isEqualTo(2);
      assertThat(unique(driver).lateRowsDropped()).isZero();
      assertThat(unique(driver).stateKeys()).isEqualTo(3);
    }
  }

  /**
   * Mirrors StreamingDeduplicationSuite "deduplicate with watermark" (all columns, so the event time is a key; delay
   * 10 s), with the boundary made explicit: a row whose event time equals the watermark is late; a millisecond after
   * it is not.
   */
  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void dropDuplicatesWithTheEventTimeAmongKeysForgetsKeysOnceTheWatermarkPassesThem(String provider) {
    try (var driver = PipelineTestDriver.create(new WatermarkAmongKeys(), config(provider))) {
      MemoryStream events = driver.memoryStream("events");
      var first = new ArrayList<Row>();
      for (int copy = 0; copy < 5; copy++) {
        for (long t = 10; t <= 15; t++) {
          first.add(r("x", t));
        }
      }
      events.addBatch(first.toArray(Row[]::new));
      driver.processAllAvailable();
      assertThat(driver.emitted("unique").get(0L)).containsExactlyInAnyOrder(
          r("x", 10), r("x", 11), r("x", 12), r("x", 13), r("x", 14), r("x", 15));
      assertThat(driver.emitted("unique").get(1L)).isEmpty(); // no-data batch, watermark 5 s: nothing to forget
      assertThat(unique(driver).duplicatesDropped()).isEqualTo(24);
      assertThat(unique(driver).stateKeys()).isEqualTo(6 * 2);

      events.addBatch(r("x", 25));
      driver.processAllAvailable();
      // Watermark 15 s: the no-data batch 3 forgets 10..15.
      assertThat(driver.emitted("unique").get(2L)).containsExactly(r("x", 25));
      assertThat(driver.emitted("unique").get(3L)).isEmpty();
      assertThat(unique(driver).stateKeys()).isEqualTo(1 * 2);

      events.addBatch(r("x", 10), r("x", 15), Row.of("x", ms(15_001)));
      driver.processAllAvailable();
      // 10 < watermark and 15 == watermark: late. 15.001 > watermark: a new key.
      assertThat(driver.emitted("unique").get(4L)).containsExactly(Row.of("x", ms(15_001)));
      assertThat(unique(driver).lateRowsDropped()).isEqualTo(2);
      assertThat(driver.emitted("unique")).hasSize(5); // the watermark did not move: no no-data batch

      events.addBatch(r("x", 45));
      driver.processAllAvailable();
      // Watermark 35 s forgets 25 and 15.001.
      assertThat(driver.emitted("unique").get(5L)).containsExactly(r("x", 45));
      assertThat(driver.emitted("unique").get(6L)).isEmpty();
      assertThat(unique(driver).stateKeys()).isEqualTo(1 * 2);
    }
  }

  /**
   * Mirrors StreamingDeduplicationWithinWatermarkSuite "deduplicate with subset of columns which event time column is
   * not in subset" (delay 2 s, key id), extended at the boundary: a key whose expiry (first time + delay) equals the
   * watermark is forgotten ({@code watermarkForEviction >= expiresAt}).
   */
  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void dropDuplicatesWithinWatermarkForgetsAKeyOnceTheWatermarkReachesItsFirstTimePlusTheDelay(String provider) {
    try (var driver = PipelineTestDriver.create(new WithinWatermark(), config(provider))) {
      MemoryStream events = driver.memoryStream("events");
      events.addBatch(r("a", 17)); // a remembered until 19; watermark 15
      driver.processAllAvailable();
      events.addBatch(r("a", 16)); // duplicate
      driver.processAllAvailable();
      assertThat(unique(driver).duplicatesDropped()).isEqualTo(1);
      events.addBatch(r("a", 13)); // 13 <= 15: late
      driver.processAllAvailable();
      assertThat(unique(driver).lateRowsDropped()).isEqualTo(1);
      assertThat(unique(driver).duplicatesDropped()).isZero();

      events.addBatch(r("b", 22), r("c", 21)); // b until 24, c until 23; watermark 20 forgets a (19)
      driver.processAllAvailable();
      events.addBatch(r("a", 21)); // a's state expired: a passes again, remembered until 23
      driver.processAllAvailable();
      events.addBatch(r("d", 25)); // watermark 23 forgets a (23) and c (23)
      driver.processAllAvailable();
      events.addBatch(r("c", 24), r("b", 24)); // c forgotten: passes; b remembered until 24 > 23: duplicate
      driver.processAllAvailable();

      var emitted = driver.emitted("unique");
      assertThat(emitted.get(0L)).containsExactly(r("a", 17));
      assertThat(emitted.get(1L)).isEmpty(); // no-data batch (watermark none -> 15)
      assertThat(emitted.get(2L)).isEmpty(); // a16: duplicate
      assertThat(emitted.get(3L)).isEmpty(); // a13: late
      assertThat(emitted.get(4L)).containsExactlyInAnyOrder(r("b", 22), r("c", 21));
      assertThat(emitted.get(5L)).isEmpty(); // no-data batch, watermark 20
      assertThat(emitted.get(6L)).containsExactly(r("a", 21));
      assertThat(emitted.get(7L)).containsExactly(r("d", 25));
      assertThat(emitted.get(8L)).isEmpty(); // no-data batch, watermark 23
      assertThat(emitted.get(9L)).containsExactly(r("c", 24));
      assertThat(emitted).hasSize(10);
      assertThat(unique(driver).duplicatesDropped()).isEqualTo(1);
      assertThat(unique(driver).stateKeys()).isEqualTo(3 * 2); // b (24), d (27), c (26)
    }
  }

  /**
   * StreamingDeduplicateExec filters late rows with {@code watermarkPredicateForDataForLateEvents}, built on the
   * child's output whenever it has an event-time column, whether or not that column is a key; the keys themselves
   * are kept forever ({@code watermarkPredicateForKeysForEviction} is empty).
   */
  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void dropDuplicatesWithAWatermarkNotAmongKeysDropsLateRowsButRemembersKeysForever(String provider) {
    try (var driver = PipelineTestDriver.create(new WatermarkNotInKeys(), config(provider))) {
      MemoryStream events = driver.memoryStream("events");
      events.addBatch(r("a", 10), r("b", 20)); // watermark 10 s
      driver.processAllAvailable();
      events.addBatch(r("c", 10), r("d", 11), r("a", 1_000)); // c at the watermark: late; a: still remembered
      driver.processAllAvailable();
      List<Row> all = driver.emitted("unique").values().stream().flatMap(List::stream).toList();
      assertThat(all).containsExactlyInAnyOrder(r("a", 10), r("b", 20), r("d", 11));
      assertThat(unique(driver).lateRowsDropped()).isEqualTo(1);
      assertThat(unique(driver).duplicatesDropped()).isEqualTo(1);
      assertThat(unique(driver).stateKeys()).isEqualTo(3); // a, b, d: the watermark at 990 s forgets none
    }
  }

  /**
   * BaseStreamingDeduplicateExec.shouldRunAnotherBatch is {@code eventTimeWatermarkForEviction.isDefined &&
   * newInputWatermark > eventTimeWatermarkForEviction.get}, whatever the keys: Spark runs a no-data batch after the
   * watermark moves even for dropDuplicates without the event time among the keys (cf. StreamingDeduplicationSuite
   * "test no-data flag"). Batch ids, and so the emitted batches, differ otherwise.
   */
  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void dropDuplicatesWithAWatermarkNotAmongKeysRunsANoDataBatchWhenTheWatermarkMoves(String provider) {
    try (var driver = PipelineTestDriver.create(new WatermarkNotInKeys(), config(provider))) {
      MemoryStream events = driver.memoryStream("events");
      events.addBatch(r("a", 10), r("b", 20));
      driver.processAllAvailable();
      assertThat(driver.emitted("unique")).containsOnlyKeys(0L, 1L);
      events.addBatch(r("c", 30));
      driver.processAllAvailable();
      assertThat(driver.emitted("unique").get(2L)).containsExactly(r("c", 30));
    }
  }

  /**
   * Spark's global watermark starts at 0 and an operator's input watermark is never below 0
   * ({@code PropagateWatermarkSimulator.getInputWatermark}: {@code batchId < 0 -> 0}, {@code Math.max(wm, 0)}), so even
   * batch 0 drops rows at or before 1970-01-01T00:00:00Z as late in a watermarked de-duplication.
   */
  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void aRowAtTheEpochIsLateEvenInTheFirstBatch(String provider) {
    try (var driver = PipelineTestDriver.create(new WatermarkAmongKeys(), config(provider))) {
      MemoryStream events = driver.memoryStream("events");
      events.addBatch(Row.of("epoch", Instant.EPOCH), r("x", 10));
      driver.processAllAvailable();
      assertThat(driver.emitted("unique").get(0L)).containsExactly(r("x", 10));
      assertThat(unique(driver).lateRowsDropped()).isEqualTo(1);
    }
  }

  /** The rule (Spark itself lets a NULL event time through de-duplication): dropped and counted. */
  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void aNullEventTimeIsDroppedAndCountedByBothDedupeVariants(String provider) {
    try (var a = PipelineTestDriver.create(new WatermarkAmongKeys(), config(provider));
        var b = PipelineTestDriver.create(new WithinWatermark(), config(provider))) {
      for (PipelineTestDriver driver : List.of(a, b)) {
        MemoryStream events = driver.memoryStream("events");
        events.addBatch(Row.of("n", null), r("x", 10));
        driver.processAllAvailable();
        assertThat(driver.emitted("unique").get(0L)).containsExactly(r("x", 10));
        assertThat(unique(driver).lateRowsDropped()).isEqualTo(1);
      }
    }
  }
}
