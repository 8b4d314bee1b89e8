package dev.millrace.runtime.engine;

import static dev.millrace.runtime.engine.CrashTestPipeline.BRONZE;
import static dev.millrace.runtime.engine.CrashTestPipeline.GOLD;
import static dev.millrace.runtime.engine.CrashTestPipeline.SILVER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.runtime.checkpoint.Checkpoint;
import dev.millrace.runtime.engine.CrashScenario.FailOnce;
import dev.millrace.runtime.engine.FaultInjector.Point;
import dev.millrace.runtime.engine.WarehouseState.Marker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exactly-once under failures at each step of the commit protocol (DESIGN §4): a run fails once at one step of one
 * batch of one table; a new runner over the same files (a restarted process) replays the batch; the tables then
 * equal those of an uninterrupted run, batch for batch and row for row, and no batch is written twice.
 *
 * <p>The data lands in three rounds of three files, each round followed by a run, so bronze ({@code
 * maxFilesPerTrigger} 1) has batches 0-8 and silver, which reads one bronze batch per batch, too.
 */
class CommitProtocolFaultTest {

  static final int ROUNDS = 3;
  static final int FILES_PER_ROUND = 3;
  static final int LINES = 40;

  @TempDir
  static Path sharedDir;

  static WarehouseState uninterrupted;

  @BeforeAll
  static void runWithoutFaults() {
    var scenario = new CrashScenario(sharedDir.resolve("uninterrupted"), 1);
    for (int round = 0; round < ROUNDS; round++) {
      scenario.land(round * FILES_PER_ROUND, FILES_PER_ROUND, LINES);
      assertThat(scenario.run().succeeded()).isTrue();
    }
    uninterrupted = scenario.state();
    uninterrupted.assertExactlyOnce();
    // The comparison is only worth something if every table has several batches of rows.
    assertThat(uninterrupted.batches().get(BRONZE)).hasSize(ROUNDS * FILES_PER_ROUND);
    // Silver reads one bronze batch per batch.
    assertThat(uninterrupted.batches().get(SILVER)).hasSize(ROUNDS * FILES_PER_ROUND);
    assertThat(uninterrupted.markers().get(GOLD)).hasSize(ROUNDS);
    assertThat(uninterrupted.rowCount(SILVER)).isGreaterThan(ROUNDS * FILES_PER_ROUND * LINES / 2);
  }

  static Stream<Arguments> everyStepOfFirstAndMiddleBatches() {
    var cases = new ArrayList<Arguments>();
    for (Point point : Point.values()) {
      cases.add(Arguments.of(point, BRONZE, 0L));
      cases.add(Arguments.of(point, BRONZE, 4L));
      cases.add(Arguments.of(point, SILVER, 0L));
      cases.add(Arguments.of(point, SILVER, 1L));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{1} batch {2} fails at {0}")
  @MethodSource("everyStepOfFirstAndMiddleBatches")
  void restartAfterAFailureReplaysTheBatchAndEndsWithTheTablesOfAnUninterruptedRun(Point point, String table,
      long batchId, @TempDir Path dir) throws IOException {
    var scenario = new CrashScenario(dir, 1);
    var fault = new FailOnce(table, batchId, point);
    int failedRounds = 0;
    for (int round = 0; round < ROUNDS; round++) {
      scenario.land(round * FILES_PER_ROUND, FILES_PER_ROUND, LINES);
      RunResult result = scenario.run(fault);
      if (result.succeeded()) {
        continue;
      }
      failedRounds++;
      assertThat(result.table(table).orElseThrow().status()).isEqualTo(TableProgress.Status.FAILED);
      assertThat(result.firstError()).hasValueSatisfying(e -> assertThat(e).contains("simulated crash"));
      Checkpoint checkpoint = WarehouseState.checkpoint(scenario.storage, table);
      Path offsetsFile = checkpoint.offsets().dir().resolve(Long.toString(batchId));
      assertThat(offsetsFile).as("offsets/%d, recorded before the failure", batchId).exists();
      byte[] recordedOffsets = Files.readAllBytes(offsetsFile);
      assertThat(checkpoint.commits().get(batchId)).as("commits/%d", batchId).isEmpty();
      WarehouseState failed = scenario.state();
      Optional<Marker> markerBefore = marker(failed, table, batchId);
      boolean written = !EnumSet.of(Point.AFTER_OFFSETS, Point.DURING_WRITE).contains(point);
      assertThat(markerBefore.isPresent()).as("commit marker of batch %d after failing at %s", batchId, point)
          .isEqualTo(written);
      if (!written) {
        assertThat(failed.batches().get(table)).as("rows of %s batch %d", table, batchId).doesNotContainKey(batchId);
      }

      RunResult restarted = scenario.run();

      assertThat(restarted.firstError()).isEmpty();
      TableProgress progress = restarted.table(table).orElseThrow();
      assertThat(progress.lastBatch()).isGreaterThanOrEqualTo(batchId);
      assertThat(progress.batches()).as("batches %s ran after the restart (the failed one again, then the rest)",
          table).isEqualTo(progress.lastBatch() - batchId + 1);
      assertThat(Files.readAllBytes(offsetsFile)).as("offsets/%d, replayed as recorded", batchId)
          .isEqualTo(recordedOffsets);
      assertThat(checkpoint.commits().get(batchId)).as("commits/%d", batchId).isPresent();
      if (written) {
        assertThat(marker(scenario.state(), table, batchId)).as("the marker of batch %d, not rewritten by the replay",
            batchId).isEqualTo(markerBefore);
      }
    }
    assertThat(fault.fired()).isTrue();
    assertThat(failedRounds).isEqualTo(1);

    WarehouseState recovered = scenario.state();
    recovered.assertExactlyOnce();
    recovered.assertSameAs(uninterrupted);
  }

  static Stream<Arguments> everyStepOfMiddleBatches() {
    return everyStepOfFirstAndMiddleBatches().filter(a -> (long) a.get()[2] > 0);
  }

  @ParameterizedTest(name = "{1} batch {2} fails at {0}")
  @MethodSource("everyStepOfMiddleBatches")
  void aFailureAtAnyStepIsReportedWithTheTableAndBatchAndStopsTheTablesReadingIt(Point point, String table,
      long batchId, @TempDir Path dir) {
    // Silver reads one bronze batch per batch, so one run reaches every batch of both.
    var scenario = new CrashScenario(dir, 1).land(0, 2 * FILES_PER_ROUND, LINES);

    RunResult result = scenario.run(new FailOnce(table, batchId, point));

    assertThat(result.succeeded()).isFalse();
    assertThat(result.table(table).orElseThrow().status()).isEqualTo(TableProgress.Status.FAILED);
    // PipelineRunner's contract: "the error names the table, the batch and its input".
    assertThat(result.firstError()).hasValueSatisfying(error -> assertThat(error)
        .contains("'" + table + "'").containsPattern("batch " + batchId + "\\b").contains("simulated crash"));
    List<String> downstream = table.equals(BRONZE) ? List.of(SILVER, GOLD) : List.of(GOLD);
    for (String d : downstream) {
      assertThat(result.table(d).orElseThrow().status()).as("status of %s", d).isEqualTo(TableProgress.Status.SKIPPED);
    }
  }

  static Optional<Marker> marker(WarehouseState state, String table, long batchId) {
    return state.markers().get(table).stream().filter(m -> m.batchId() == batchId).findFirst();
  }
}
