package dev.millrace.runtime.engine;

import static dev.millrace.runtime.engine.CrashTestPipeline.BRONZE;
import static dev.millrace.runtime.engine.CrashTestPipeline.GOLD;
import static dev.millrace.runtime.engine.CrashTestPipeline.SILVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.millrace.config.PipelineConfig;
import dev.millrace.config.Trigger;
import dev.millrace.graph.GraphBuilder;
import dev.millrace.runtime.checkpoint.Checkpoint;
import dev.millrace.runtime.engine.CrashScenario.FailOnce;
import dev.millrace.runtime.engine.FaultInjector.Point;
import dev.millrace.types.Row;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Recovery cases beyond one failure per batch: input arriving meanwhile, failing replays, views, retries. */
class RecoveryTest {

  static final int LINES = 40;

  @Test
  void replayReadsExactlyTheRecordedFilesAndFilesThatLandedMeanwhileGoToTheNextBatch(@TempDir Path dir) {
    var scenario = new CrashScenario(dir.resolve("crashed"), 2);
    var expectedIds = new ArrayList<List<String>>();
    expectedIds.add(concat(ClickFiles.write(scenario.landing, "b-0.json", LINES, 1),
        ClickFiles.write(scenario.landing, "b-1.json", LINES, 2)));
    expectedIds.add(concat(ClickFiles.write(scenario.landing, "b-2.json", LINES, 3),
        ClickFiles.write(scenario.landing, "b-3.json", LINES, 4)));

    RunResult failed = scenario.run(new FailOnce(BRONZE, 1, Point.AFTER_OFFSETS));
    assertThat(failed.succeeded()).isFalse();
    // "a-0" sorts before the recorded files: a replay that listed the directory again would take it.
    expectedIds.add(concat(ClickFiles.write(scenario.landing, "a-0.json", LINES, 5),
        ClickFiles.write(scenario.landing, "c-0.json", LINES, 6)));
    assertThat(scenario.run().succeeded()).isTrue();

    WarehouseState state = scenario.state();
    state.assertExactlyOnce();
    assertThat(state.offsets().get(BRONZE)).containsExactly("files [b-0.json, b-1.json]",
        "files [b-2.json, b-3.json]", "files [a-0.json, c-0.json]");
    for (int b = 0; b < 3; b++) {
      assertThat(wellFormedIds(state.batches().get(BRONZE).get((long) b))).as("event ids of bronze batch %d", b)
          .containsExactlyElementsOf(expectedIds.get(b));
    }

    // The same arrivals without the failure give the same rows, and bronze the same batches. (Silver's batches
    // differ: without the failure, silver ran between the two runs.)
    var uninterrupted = new CrashScenario(dir.resolve("uninterrupted"), 2);
    for (int i = 0; i < 4; i++) {
      ClickFiles.write(uninterrupted.landing, "b-" + i + ".json", LINES, i + 1);
    }
    assertThat(uninterrupted.run().succeeded()).isTrue();
    ClickFiles.write(uninterrupted.landing, "a-0.json", LINES, 5);
    ClickFiles.write(uninterrupted.landing, "c-0.json", LINES, 6);
    assertThat(uninterrupted.run().succeeded()).isTrue();
    WarehouseState expected = uninterrupted.state();
    for (String table : List.of(BRONZE, SILVER, GOLD)) {
      assertThat(state.tables().get(table)).as("rows of %s", table)
          .containsExactlyElementsOf(expected.tables().get(table));
    }
    assertThat(state.batches().get(BRONZE)).isEqualTo(expected.batches().get(BRONZE));
  }

  @Test
  void aBatchWhoseReplaysFailTooIsWrittenOnceWhenARunFinallyCompletesIt(@TempDir Path dir) {
    WarehouseState expected = new CrashScenario(dir.resolve("uninterrupted"), 1).land(0, 3, LINES).runAndRead();
    var scenario = new CrashScenario(dir.resolve("crashed"), 1).land(0, 3, LINES);

    // The same silver batch fails three times, each time one step later, then runs through.
    for (Point point : List.of(Point.AFTER_OFFSETS, Point.DURING_WRITE, Point.AFTER_WRITE, Point.BEFORE_COMMIT)) {
      var fault = new FailOnce(SILVER, 0, point);
      RunResult result = scenario.run(fault);
      assertThat(fault.fired()).as("failed at %s", point).isTrue();
      assertThat(result.table(SILVER).orElseThrow().status()).isEqualTo(TableProgress.Status.FAILED);
    }
    assertThat(scenario.run().succeeded()).isTrue();

    WarehouseState recovered = scenario.state();
    recovered.assertExactlyOnce();
    recovered.assertSameAs(expected);
  }

  @Test
  void aViewWhoseRefreshFailsKeepsItsPreviousResultAndIsRecomputedOnRestart(@TempDir Path dir) {
    var uninterrupted = new CrashScenario(dir.resolve("uninterrupted"), 1).land(0, 3, LINES);
    assertThat(uninterrupted.run().succeeded()).isTrue();
    List<Row> afterFirstRound = uninterrupted.state().tables().get(GOLD);
    WarehouseState expected = uninterrupted.land(3, 3, LINES).runAndRead();

    var scenario = new CrashScenario(dir.resolve("crashed"), 1).land(0, 3, LINES);
    assertThat(scenario.run().succeeded()).isTrue();
    scenario.land(3, 3, LINES);
    var fault = new FailOnce(GOLD, 1, Point.DURING_WRITE);
    RunResult failed = scenario.run(fault);
    assertThat(fault.fired()).isTrue();
    assertThat(failed.table(GOLD).orElseThrow().status()).isEqualTo(TableProgress.Status.FAILED);
    assertThat(scenario.state().tables().get(GOLD)).as("the view after its refresh failed")
        .containsExactlyElementsOf(afterFirstRound);

    assertThat(scenario.run().succeeded()).isTrue();
    WarehouseState recovered = scenario.state();
    recovered.assertExactlyOnce();
    recovered.assertSameAs(expected);
  }

  @ParameterizedTest
  @EnumSource(Point.class)
  void runningTheSameRunnerAgainAfterAFailureResumesWithoutWritingABatchTwice(Point point, @TempDir Path dir) {
    WarehouseState expected = new CrashScenario(dir.resolve("uninterrupted"), 1).land(0, 4, LINES).runAndRead();
    var scenario = new CrashScenario(dir.resolve("crashed"), 1).land(0, 4, LINES);
    var fault = new FailOnce(BRONZE, 2, point);
    try (PipelineRunner runner = PipelineRunner.builder(scenario.graph).storage(scenario.storage)
        .warehouse(scenario.warehouse).faults(fault).threads(2).build()) {
      assertThat(runner.run(Trigger.availableNow(), Set.of()).succeeded()).isFalse();
      assertThat(runner.run(Trigger.availableNow(), Set.of()).succeeded()).isTrue();
    }
    assertThat(fault.fired()).isTrue();
    WarehouseState recovered = scenario.state();
    recovered.assertExactlyOnce();
    recovered.assertSameAs(expected);
  }

  @Test
  void aJavaErrorInABatchIsReportedAsThatTablesFailureAndTheRestartRecovers(@TempDir Path dir) {
    WarehouseState expected = new CrashScenario(dir.resolve("uninterrupted"), 1).land(0, 3, LINES).runAndRead();
    var scenario = new CrashScenario(dir.resolve("crashed"), 1).land(0, 3, LINES);
    var calls = new AtomicInteger();
    // An Error, not an exception, as a user function overflowing its stack would throw; after the write, so the
    // restart must also not write the batch again.
    FaultInjector overflow = (table, batchId, p) -> {
      if (table.equals(SILVER) && p == Point.AFTER_WRITE && calls.getAndIncrement() == 0) {
        throw new StackOverflowError("simulated");
      }
    };

    assertThatCode(() -> {
      RunResult result = scenario.run(overflow);
      assertThat(result.succeeded()).isFalse();
      assertThat(result.table(SILVER).orElseThrow().status()).isEqualTo(TableProgress.Status.FAILED);
      assertThat(result.table(GOLD).orElseThrow().status()).isEqualTo(TableProgress.Status.SKIPPED);
      assertThat(result.firstError()).hasValueSatisfying(e -> assertThat(e).contains("StackOverflowError"));
    }).as("PipelineRunner.run with an Error in a batch").doesNotThrowAnyException();

    assertThat(scenario.run().succeeded()).isTrue();
    WarehouseState recovered = scenario.state();
    recovered.assertExactlyOnce();
    recovered.assertSameAs(expected);
  }

  @Test
  void oldCheckpointEntriesAreDeletedAndARestartStillSkipsEveryFileTheyRead(@TempDir Path dir) {
    Path landing = dir.resolve("landing");
    var config = PipelineConfig.parse("""
        pipeline:
          defaults:
            state-store: { retain-batches: 3 }
        """, "purge.yaml", Map.of("landing", landing.toString(), "maxFilesPerTrigger", "1", "pauseMicros", "0"));
    var scenario = new CrashScenario(landing, dir, GraphBuilder.create(config).add(new CrashTestPipeline()).build());
    var expectedIds = new ArrayList<String>();
    for (int f = 0; f < 25; f++) {
      expectedIds.addAll(ClickFiles.write(landing, String.format("part-%05d.json", f), 5, f));
    }
    assertThat(scenario.run().succeeded()).isTrue();

    // 25 batches, 0 to 24: the purges after batches 10 and 20 kept the last 3 batches then, 18 to 20, and after.
    Checkpoint bronze = new Checkpoint(scenario.storage.resolve("checkpoints").resolve(BRONZE));
    assertThat(bronze.offsets().ids()).containsExactly(18L, 19L, 20L, 21L, 22L, 23L, 24L);
    assertThat(bronze.commits().ids()).containsExactly(18L, 19L, 20L, 21L, 22L, 23L, 24L);
    assertThat(bronze.sources().ids()).containsExactly(17L);
    assertThat(bronze.sources().get(17).orElseThrow().sources().get(0).files()).hasSize(18)
        .startsWith("part-00000.json").endsWith("part-00017.json");

    // A new process lands three files: it reads exactly those, none of the 25 whose offsets are gone.
    for (int f = 25; f < 28; f++) {
      expectedIds.addAll(ClickFiles.write(landing, String.format("part-%05d.json", f), 5, f));
    }
    assertThat(scenario.run().succeeded()).isTrue();

    WarehouseState state = scenario.state();
    assertThat(state.markers().get(BRONZE)).extracting(WarehouseState.Marker::withoutTime)
        .containsExactlyElementsOf(IntStream.range(0, 28).mapToObj(b -> "batch " + b + ": 5 rows").toList());
    assertThat(wellFormedIds(state.tables().get(BRONZE))).containsExactlyElementsOf(expectedIds);
    assertThat(state.offsets().get(BRONZE)).endsWith("files [part-00025.json]", "files [part-00026.json]",
        "files [part-00027.json]");
  }

  @Test
  void anOffsetsEntryBeyondTheNextBatchFailsTheTableAsDamaged(@TempDir Path dir) {
    var scenario = new CrashScenario(dir, 2).land(0, 4, LINES);
    assertThat(scenario.run().succeeded()).isTrue(); // batches 0 and 1
    Checkpoint bronze = new Checkpoint(scenario.storage.resolve("checkpoints").resolve(BRONZE));
    bronze.offsets().add(5, bronze.offsets().get(1).orElseThrow());

    RunResult result = scenario.run();

    assertThat(result.succeeded()).isFalse();
    assertThat(result.firstError()).hasValueSatisfying(e -> assertThat(e).contains(
        "The checkpoint of table '" + BRONZE + "' has offsets/5 but its last commit is 1; it is damaged"));
  }

  private static List<String> wellFormedIds(List<Row> rows) {
    return rows.stream().filter(r -> r.get("_corrupt_record") == null).map(r -> (String) r.get("event_id")).toList();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    var out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
