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
import dev.millrace.runtime.testing.PipelineTestDriver;
import dev.millrace.streaming.OutputMode;
import dev.millrace.types.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which watermark decides that a row is late. Since Spark 3.4 (SPARK-40925, {@code
 * spark.sql.streaming.statefulOperator.allowMultiple}, on by default) a stateful operator drops as late only rows
 * older than the watermark of the <em>previous</em> batch ({@code eventTimeWatermarkForLateEvents}, from
 * {@code PropagateWatermarkSimulator.getInputWatermarkForLateEvents(batchId - 1)}), and emits/evicts with the current
 * batch's watermark ({@code eventTimeWatermarkForEviction}). The two differ when a batch with new data follows a
 * batch that moved the watermark, as when a rate limit ({@code maxFilesPerTrigger}) splits the input: no no-data
 * batch runs in between, because there is new data. Event times are seconds after {@link Sem#BASE}.
 */
class LateEventsWatermarkSemanticsTest {

  public static class WindowFromFiles {
    private final Path dir;

    public WindowFromFiles(Path dir) {
      this.dir = dir;
    }

    @StreamingTable(outputMode = OutputMode.APPEND)
    public Dataset counts(PipelineContext ctx) {
      return ctx.readStream().format("json").schema("id STRING, t TIMESTAMP").option("maxFilesPerTrigger", 1L)
          .load(dir.toString()).withWatermark("t", "10 seconds")
          .groupBy(window(col("t"), "5 seconds")).agg(count().as("n"));
    }
  }

  public static class DedupeFromFiles {
    private final Path dir;

    public DedupeFromFiles(Path dir) {
      this.dir = dir;
    }

    @StreamingTable
    public Dataset unique(PipelineContext ctx) {
      return ctx.readStream().format("json").schema("id STRING, t TIMESTAMP").option("maxFilesPerTrigger", 1L)
          .load(dir.toString()).withWatermark("t", "10 seconds").dropDuplicatesWithinWatermark("id").select(col("id"), col("t"));
    }
  }

  private static void file(Path dir, String name, String id, long... seconds) throws IOException {
    Files.writeString(dir.resolve(name), LongStream.of(seconds)
        .mapToObj(t -> "{\"id\":\"" + id + t + "\",\"t\":\"" + s(t) + "\"}").collect(Collectors.joining("\n", "", "\n")));
  }

  /**
   * Batch 0 reads 1.json (10, 25): the watermark becomes 15 s. Batch 1 reads 2.json (12) with the watermark 15 s for
   * eviction but 0 (batch 0's) for late events: 12 joins [10, 15), which batch 1 then emits with both rows. Worked
   * from StateStoreSaveExec (append: {@code applyRemovingRowsOlderThanWatermark(iter,
   * watermarkPredicateForDataForLateEvents)} before {@code removeKeysOlderThanWatermark} with the eviction watermark),
   * as in EventTimeWatermarkSuite "append mode".
   */
  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void aRowIsLateOnlyAgainstThePreviousBatchWatermarkSoItStillCountsInAWindowThisBatchCloses(String provider,
      @TempDir Path dir) throws IOException {
    file(dir, "1.json", "e", 10, 25);
    file(dir, "2.json", "e", 12);
    try (var driver = PipelineTestDriver.create(new WindowFromFiles(dir), config(provider))) {
      driver.processAllAvailable();
      var emitted = driver.emitted("counts");
      assertThat(emitted.get(0L)).isEmpty();
      assertThat(emitted.get(1L)).containsExactly(Row.of(win(10, 15), 2L));
      assertThat(driver.lastRun().table("counts").orElseThrow().lateRowsDropped()).isZero();
    }
  }

  /**
   * The same rule in StreamingDeduplicateWithinWatermarkExec (BaseStreamingDeduplicateExec filters with
   * {@code watermarkPredicateForDataForLateEvents}): batch 0 reads a10 and b30 (watermark 20 s after it); batch 1
   * reads c15, which is not late against batch 0's watermark, so it passes.
   */
  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void dedupeDropsAsLateOnlyRowsOlderThanThePreviousBatchWatermark(String provider, @TempDir Path dir)
      throws IOException {
    Files.writeString(dir.resolve("1.json"),
        "{\"id\":\"a\",\"t\":\"" + s(10) + "\"}\n{\"id\":\"b\",\"t\":\"" + s(30) + "\"}\n");
    Files.writeString(dir.resolve("2.json"), "{\"id\":\"c\",\"t\":\"" + s(15) + "\"}\n");
    try (var driver = PipelineTestDriver.create(new DedupeFromFiles(dir), config(provider))) {
      driver.processAllAvailable();
      var emitted = driver.emitted("unique");
      assertThat(emitted.get(0L)).containsExactlyInAnyOrder(Row.of("a", s(10)), Row.of("b", s(30)));
      assertThat(emitted.get(1L)).containsExactly(Row.of("c", s(15)));
      assertThat(driver.lastRun().table("unique").orElseThrow().lateRowsDropped()).isZero();
    }
  }
}
