package dev.millrace.runtime.observability;

import static dev.millrace.runtime.observability.ObservedClicks.CLEAN;
import static dev.millrace.runtime.observability.ObservedClicks.RAW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.config.Trigger;
import dev.millrace.runtime.checkpoint.Checkpoint;
import dev.millrace.runtime.engine.FaultInjector;
import dev.millrace.runtime.engine.PipelineRunner;
import dev.millrace.runtime.engine.RunResult;
import dev.millrace.runtime.table.DuckDbTableStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PipelineRunner#stopAndWait}: a stop asked for in the middle of a batch lets that batch commit, starts no
 * other, and the next run continues to the same tables as an uninterrupted run. (The child-JVM test
 * {@code SigtermTest} does the same with a real SIGTERM through Spring Boot.)
 */
class GracefulStopTest {

  @TempDir
  Path dir;

  private PipelineRunner runner(String name, FaultInjector faults, ProgressRecordsTest.Recorder recorder) {
    return PipelineRunner.builder(ObservedClicks.graph(dir.resolve("landing"))).storage(dir.resolve(name + "/s"))
        .warehouse(dir.resolve(name + "/w.duckdb")).threads(2).faults(faults).listener(recorder).build();
  }

  private List<String> rows(String name, String table) {
    try (var store = DuckDbTableStore.openReadOnly(dir.resolve(name + "/w.duckdb"))) {
      return store.query("SELECT * FROM " + table + " ORDER BY ALL").rows().stream()
          .map(Object::toString).toList();
    }
  }

  @Test
  void aStopInTheMiddleOfABatchLetsItCommitAndTheNextRunFinishesTheJob() throws Exception {
    ObservedClicks.land(dir.resolve("landing"));
    try (PipelineRunner uninterrupted = runner("expected", FaultInjector.NONE, new ProgressRecordsTest.Recorder())) {
      uninterrupted.run(Trigger.availableNow(), Set.of());
    }

    var inBatch = new CountDownLatch(1);
    FaultInjector slowBatch = (table, batchId, point) -> {
      if (table.equals(RAW) && batchId == 1 && point == FaultInjector.Point.AFTER_OFFSETS) {
        inBatch.countDown();
        sleep(300); // the batch is still running when the stop comes
      }
    };
    var recorder = new ProgressRecordsTest.Recorder();
    RunResult stopped;
    boolean ended;
    try (PipelineRunner runner = runner("stopped", slowBatch, recorder)) {
      CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(
          () -> runner.run(Trigger.availableNow(), Set.of()));
      assertThat(inBatch.await(30, TimeUnit.SECONDS)).isTrue();
      ended = runner.stopAndWait(Duration.ofSeconds(30));
      stopped = run.get(30, TimeUnit.SECONDS);
      assertThat(runner.isRunning()).isFalse();
    }

    assertThat(ended).isTrue();
    assertThat(stopped.succeeded()).isTrue();
    // The batch in flight committed; no other batch started.
    assertThat(stopped.table(RAW).orElseThrow().batches()).isEqualTo(2);
    assertThat(stopped.table(CLEAN).orElseThrow().batches()).isZero();
    assertThat(recorder.events).contains("runFinished succeeded=true stopped=true");
    for (String table : List.of(RAW, CLEAN)) {
      var checkpoint = new Checkpoint(dir.resolve("stopped/s/checkpoints").resolve(table));
      assertThat(checkpoint.offsets().ids()).as("offsets of %s: no batch left half done", table)
          .isEqualTo(checkpoint.commits().ids());
    }

    try (PipelineRunner again = runner("stopped", FaultInjector.NONE, new ProgressRecordsTest.Recorder())) {
      assertThat(again.run(Trigger.availableNow(), Set.of()).succeeded()).isTrue();
    }
    for (String table : List.of(RAW, CLEAN, ObservedClicks.IDS)) {
      assertThat(rows("stopped", table)).as(table).isEqualTo(rows("expected", table));
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
