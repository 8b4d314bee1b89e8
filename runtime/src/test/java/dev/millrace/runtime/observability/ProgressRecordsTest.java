package dev.millrace.runtime.observability;

import static dev.millrace.runtime.observability.ObservedClicks.CLEAN;
import static dev.millrace.runtime.observability.ObservedClicks.IDS;
import static dev.millrace.runtime.observability.ObservedClicks.RAW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.millrace.config.Trigger;
import dev.millrace.runtime.engine.FaultInjector;
import dev.millrace.runtime.engine.PipelineRunner;
import dev.millrace.runtime.engine.RunResult;
import dev.millrace.runtime.engine.progress.BatchProgress;
import dev.millrace.runtime.engine.progress.BatchProgress.EventTime;
import dev.millrace.runtime.engine.progress.BatchProgress.StateOperatorProgress;
import dev.millrace.runtime.engine.progress.PipelineEvent;
import dev.millrace.runtime.engine.progress.PipelineListener;
import dev.millrace.runtime.engine.progress.PipelineStatus;
import dev.millrace.runtime.engine.progress.TableStatus;
import dev.millrace.runtime.table.DuckDbTableStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress records, listeners, the live status and the event log after a run of {@link ObservedClicks}, whose
 * counts its javadoc works out by hand.
 */
class ProgressRecordsTest {

  @TempDir
  Path dir;

  private final Recorder recorder = new Recorder();

  @BeforeEach
  void land() {
    ObservedClicks.land(dir.resolve("landing"));
  }

  private PipelineRunner.Builder runner() {
    return PipelineRunner.builder(ObservedClicks.graph(dir.resolve("landing"))).storage(dir.resolve("storage"))
        .warehouse(dir.resolve("warehouse.duckdb")).threads(2).listener(recorder);
  }

  private RunResult run() {
    try (PipelineRunner runner = runner().build()) {
      return runner.run(Trigger.availableNow(), Set.of());
    }
  }

  private static Instant at(String time) {
    return Instant.parse("2026-01-01T" + time + "Z");
  }

  @Test
  void eachBatchReportsItsRowsDropsAndWatermarkAsWorkedOut() {
    assertThat(run().succeeded()).isTrue();

    List<BatchProgress> raw = recorder.progress(RAW);
    assertThat(raw).extracting(BatchProgress::batchId).containsExactly(0L, 1L, 2L);
    assertThat(raw).extracting(BatchProgress::numInputRows).containsExactly(5L, 4L, 2L);
    assertThat(raw).extracting(BatchProgress::numOutputRows).containsExactly(5L, 4L, 2L);
    assertThat(raw).extracting(BatchProgress::numMalformedRows).containsExactly(1L, 0L, 0L);
    assertThat(raw).extracting(BatchProgress::numMalformedRowsDropped).containsExactly(0L, 0L, 0L);
    assertThat(raw).extracting(BatchProgress::eventTime).containsOnlyNulls();
    assertThat(raw).extracting(p -> p.sources().get(0).files()).containsExactly(List.of("part-0.json"),
        List.of("part-1.json"), List.of("part-2.json"));
    assertThat(raw).extracting(p -> p.sources().get(0).backlog()).containsExactly(2L, 1L, 0L);
    assertThat(raw).extracting(p -> p.sources().get(0).backlogUnit()).containsOnly("files");
    assertThat(raw).extracting(p -> p.sources().get(0).description())
        .containsOnly("json files in " + dir.resolve("landing").toAbsolutePath().normalize());
    assertThat(raw).extracting(p -> p.sink().description()).containsOnly("warehouse table raw_events (append)");

    List<BatchProgress> clean = recorder.progress(CLEAN);
    assertThat(clean).extracting(BatchProgress::batchId).containsExactly(0L, 1L, 2L, 3L);
    assertThat(clean).extracting(BatchProgress::numInputRows).containsExactly(5L, 4L, 2L, 0L);
    assertThat(clean).extracting(BatchProgress::numOutputRows).containsExactly(3L, 2L, 1L, 0L);
    assertThat(clean).extracting(BatchProgress::numDuplicatesDropped).containsExactly(1L, 2L, 0L, 0L);
    assertThat(clean).extracting(BatchProgress::numLateRowsDropped).containsExactly(0L, 0L, 1L, 0L);
    assertThat(clean).extracting(BatchProgress::noDataBatch).containsExactly(false, false, false, true);
    assertThat(clean).extracting(BatchProgress::replayed).containsOnly(false);
    assertThat(clean).extracting(BatchProgress::eventTime).containsExactly(
        new EventTime(Instant.EPOCH, at("10:00:20"), at("10:00:00"), at("10:00:08.750"), at("10:00:30")),
        new EventTime(at("10:00:20"), at("10:00:41"), at("10:00:10"), at("10:00:36.500"), at("10:00:51")),
        new EventTime(at("10:00:41"), at("10:00:50"), at("10:00:15"), at("10:00:37.500"), at("10:01:00")),
        new EventTime(at("10:00:50"), at("10:00:50"), null, null, null));
    assertThat(clean).extracting(p -> p.stateOperators().size()).containsOnly(1);
    assertThat(clean).extracting(p -> p.stateOperators().get(0)).extracting(StateOperatorProgress::operatorName,
        StateOperatorProgress::numPartitions, StateOperatorProgress::numRowsTotal,
        StateOperatorProgress::numRowsDroppedByWatermark, StateOperatorProgress::numDuplicatesDropped)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dedupe-0", 2, 6L, 0L, 1L), // e1 e2 e3, two entries each
            org.assertj.core.groups.Tuple.tuple("dedupe-0", 2, 4L, 0L, 2L), // e3 e5
            org.assertj.core.groups.Tuple.tuple("dedupe-0", 2, 4L, 1L, 0L), // e5 e7
            org.assertj.core.groups.Tuple.tuple("dedupe-0", 2, 4L, 0L, 0L));
    assertThat(clean).allSatisfy(p -> assertThat(p.stateOperators().get(0).bytesOnDisk()).isPositive());
    assertThat(clean).extracting(p -> p.sources().get(0).description()).containsOnly("table raw_events");
    assertThat(clean).extracting(p -> p.sources().get(0).startOffset()).containsExactly("-1", "0", "1", "2");
    assertThat(clean).extracting(p -> p.sources().get(0).endOffset()).containsExactly("0", "1", "2", "2");
    assertThat(clean).extracting(p -> p.sources().get(0).backlog()).containsExactly(2L, 1L, 0L, 0L);
    assertThat(clean).extracting(p -> p.sources().get(0).backlogUnit()).containsOnly("batches");

    List<BatchProgress> ids = recorder.progress(IDS);
    assertThat(ids).hasSize(1);
    assertThat(ids.get(0).kind()).isEqualTo("materialized view");
    assertThat(ids.get(0).id()).isEqualTo(IDS);
    assertThat(ids.get(0).numInputRows()).isEqualTo(6);
    assertThat(ids.get(0).numOutputRows()).isEqualTo(6);
    assertThat(ids.get(0).sources()).singleElement().satisfies(s -> {
      assertThat(s.description()).isEqualTo("table clean (snapshot)");
      assertThat(s.backlog()).isNull();
      assertThat(s.startOffset()).isNull();
    });
    assertThat(ids.get(0).durationMs()).containsOnlyKeys("execute", "write", "triggerExecution");
  }

  @Test
  void recordsCarryIdsTimesAndRatesAsSparksDo() {
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    run();
    run(); // nothing new: no batch, but a new run id
    ObservedClicks.land(dir.resolve("more")); // not read: only to check that ids are stable over runs
    List<BatchProgress> clean = recorder.progress(CLEAN);

    assertThat(clean).extracting(BatchProgress::pipeline).containsOnly("observed");
    assertThat(clean).extracting(BatchProgress::kind).containsOnly("streaming table");
    assertThat(clean).extracting(BatchProgress::id).doesNotContainNull().containsOnly(clean.get(0).id());
    assertThat(clean.get(0).id()).isNotEqualTo(recorder.progress(RAW).get(0).id());
    assertThat(clean).extracting(BatchProgress::runId).containsOnly(recorder.runStarted.get(0).runId());
    assertThat(recorder.runStarted).extracting(PipelineEvent.RunStarted::runId).doesNotHaveDuplicates().hasSize(2);
    assertThat(clean).allSatisfy(p -> {
      assertThat(p.timestamp()).isAfterOrEqualTo(before).isEqualTo(p.timestamp().truncatedTo(ChronoUnit.MILLIS));
      assertThat(p.durationMs()).containsKeys("latestOffset", "walCommit", "execute", "write", "stateCommit",
          "commitOffsets", "triggerExecution");
      assertThat(new ArrayList<>(p.durationMs().keySet())).endsWith("triggerExecution");
      long phases = p.durationMs().entrySet().stream().filter(e -> !e.getKey().equals("triggerExecution"))
          .mapToLong(java.util.Map.Entry::getValue).sum();
      assertThat(phases).isLessThanOrEqualTo(p.triggerExecutionMs());
      // Spark: rows / max(1 ms, the batch's duration)
      assertThat(p.processedRowsPerSecond())
          .isCloseTo(p.numInputRows() / (Math.max(1, p.triggerExecutionMs()) / 1000.0), within(1e-9));
      assertThat(p.sink().numOutputRows()).isEqualTo(p.numOutputRows());
      assertThat(p.sources().get(0).numInputRows()).isEqualTo(p.numInputRows());
    });
    // Spark: the first batch has no previous one to measure the input rate against.
    assertThat(clean.get(0).inputRowsPerSecond()).isZero();
    assertThat(clean.get(1).inputRowsPerSecond()).isPositive();
    assertThat(clean.get(1).timestamp()).isAfterOrEqualTo(clean.get(0).timestamp());
  }

  @Test
  void theJsonHasSparksFieldNamesAndLeavesAbsentValuesOut() {
    run();
    String json = recorder.progress(CLEAN).get(2).json();

    assertThat(json).startsWith("{\"pipeline\":\"observed\",\"table\":\"clean\",\"kind\":\"streaming table\",\"id\":")
        .contains("\"batchId\":2,\"timestamp\":\"" + recorder.progress(CLEAN).get(2).timestamp() + "\"")
        .contains("\"numInputRows\":2,")
        .contains("\"numOutputRows\":1,\"numLateRowsDropped\":1,\"numDuplicatesDropped\":0,\"numMalformedRows\":0,"
            + "\"numMalformedRowsDropped\":0,\"noDataBatch\":false,\"replayed\":false,\"durationMs\":{\"latestOffset\":")
        .contains("\"eventTime\":{\"watermark\":\"2026-01-01T10:00:41Z\",\"nextWatermark\":\"2026-01-01T10:00:50Z\","
            + "\"min\":\"2026-01-01T10:00:15Z\",\"avg\":\"2026-01-01T10:00:37.500Z\",\"max\":\"2026-01-01T10:01:00Z\"}")
        .contains("\"stateOperators\":[{\"operatorName\":\"dedupe-0\",\"numPartitions\":2,\"numRowsTotal\":4,")
        .contains("\"numRowsDroppedByWatermark\":1,\"numDuplicatesDropped\":0}]")
        .contains("\"sources\":[{\"description\":\"table raw_events\",\"startOffset\":\"1\",\"endOffset\":\"2\","
            + "\"files\":[],\"numInputRows\":2,")
        .contains("\"backlog\":0,\"backlogUnit\":\"batches\"}]")
        .endsWith("\"sink\":{\"description\":\"warehouse table clean (append)\",\"numOutputRows\":1}}");
    assertThat(recorder.progress(RAW).get(0).json()).doesNotContain("eventTime");
    assertThat(recorder.progress(CLEAN).get(2).toString()).isEqualTo("[table clean] batch 2: 2 rows in, 1 out, 1 late "
        + "in " + recorder.progress(CLEAN).get(2).triggerExecutionMs() + " ms, watermark 2026-01-01T10:00:50Z");
  }

  @Test
  void listenersHearTheRunTheTablesTheirBatchesAndTheEndInOrder() {
    run();

    assertThat(recorder.events).containsExactly(
        "runStarted available-now [raw_events, clean, ids] refresh []",
        "started raw_events at 0",
        "progress raw_events 0", "progress raw_events 1", "progress raw_events 2",
        "started clean at 0",
        "progress clean 0", "progress clean 1", "progress clean 2", "progress clean 3",
        "started ids at 0",
        "progress ids 0",
        "terminated raw_events COMPLETED 3", "terminated clean COMPLETED 4", "terminated ids COMPLETED 1",
        "runFinished succeeded=true stopped=false");
  }

  @Test
  void aSecondRunResumesWhereTheFirstStoppedAndAFullRefreshIsReported() {
    run();
    recorder.events.clear();
    try (PipelineRunner runner = runner().build()) {
      runner.run(Trigger.availableNow(), Set.of(CLEAN));
    }

    assertThat(recorder.events).startsWith("runStarted available-now [raw_events, clean, ids] refresh [clean]",
        "started raw_events at 3", "started clean at 0");
    assertThat(recorder.runStarted.get(1).fullRefresh()).containsExactly(CLEAN);
  }

  @Test
  void aFailingListenerDoesNotStopTheRunNorTheOtherListeners() {
    PipelineListener failing = new PipelineListener() {
      @Override
      public void onProgress(BatchProgress progress) {
        throw new IllegalStateException("listener bug");
      }
    };
    var after = new Recorder();
    RunResult result;
    try (PipelineRunner runner = runner().listener(failing).listener(after).build()) {
      result = runner.run(Trigger.availableNow(), Set.of());
    }

    assertThat(result.succeeded()).isTrue();
    assertThat(after.progress(CLEAN)).hasSize(4);
  }

  @Test
  void theStatusKeepsEachTablesLastAndRecentProgressAndTotals() {
    PipelineStatus status;
    try (PipelineRunner runner = runner().build()) {
      status = runner.status();
      assertThat(status.state()).isEqualTo(PipelineStatus.State.IDLE);
      assertThat(status.table(CLEAN).orElseThrow().lastProgress()).isEmpty();
      runner.run(Trigger.availableNow(), Set.of());
    }

    assertThat(status.state()).isEqualTo(PipelineStatus.State.FINISHED);
    TableStatus clean = status.table(CLEAN).orElseThrow();
    assertThat(clean.state()).isEqualTo(TableStatus.State.IDLE);
    assertThat(clean.lastProgress()).contains(recorder.progress(CLEAN).get(3));
    assertThat(clean.recentProgress()).containsExactlyElementsOf(recorder.progress(CLEAN));
    assertThat(clean.lastBatchId()).isEqualTo(3);
    assertThat(clean.batches()).isEqualTo(4);
    assertThat(clean.rowsIn()).isEqualTo(11);
    assertThat(clean.rowsOut()).isEqualTo(6);
    assertThat(clean.watermark()).contains(at("10:00:50"));
    assertThat(clean.level()).isEqualTo(1);
    assertThat(status.table(IDS).orElseThrow().level()).isEqualTo(2);
    assertThat(status.table(RAW).orElseThrow().inputs()).isEmpty();
    assertThat(clean.inputs()).containsExactly(RAW);

    TableStatus.Snapshot snapshot = clean.snapshot();
    assertThat(snapshot.state()).isEqualTo("idle");
    assertThat(snapshot.lateRowsDropped()).isEqualTo(1);
    assertThat(snapshot.duplicatesDropped()).isEqualTo(3);
    assertThat(snapshot.stateKeys()).isEqualTo(4);
    assertThat(snapshot.backlogBatches()).isZero();
    assertThat(snapshot.backlogFiles()).isNull();
    assertThat(status.table(RAW).orElseThrow().snapshot().malformedRows()).isEqualTo(1);
    assertThat(status.table(RAW).orElseThrow().snapshot().backlogFiles()).isZero();
  }

  @Test
  void aFailedBatchIsReportedAndItsReplayIsMarkedAfterARestart() {
    FaultInjector failOnce = new FaultInjector() {
      boolean fired;

      @Override
      public synchronized void at(String table, long batchId, Point point) {
        if (table.equals(RAW) && batchId == 1 && point == Point.AFTER_OFFSETS && !fired) {
          fired = true;
          throw new IllegalStateException("disk on fire");
        }
      }
    };
    PipelineStatus status;
    RunResult failed;
    try (PipelineRunner runner = runner().faults(failOnce).build()) {
      status = runner.status();
      failed = runner.run(Trigger.availableNow(), Set.of());
    }

    assertThat(failed.succeeded()).isFalse();
    assertThat(status.state()).isEqualTo(PipelineStatus.State.FAILED);
    assertThat(status.anyFailed()).isTrue();
    assertThat(status.table(RAW).orElseThrow().state()).isEqualTo(TableStatus.State.FAILED);
    assertThat(status.table(RAW).orElseThrow().error()).hasValueSatisfying(e -> assertThat(e)
        .startsWith("Table 'raw_events' failed in batch 1").contains("disk on fire"));
    assertThat(status.table(CLEAN).orElseThrow().state()).isEqualTo(TableStatus.State.SKIPPED);
    assertThat(recorder.events).contains("terminated raw_events FAILED 1", "terminated clean SKIPPED 0",
        "terminated ids SKIPPED 0", "runFinished succeeded=false stopped=false");

    run();
    assertThat(recorder.progress(RAW)).extracting(BatchProgress::batchId).containsExactly(0L, 1L, 2L);
    assertThat(recorder.progress(RAW)).extracting(BatchProgress::replayed).containsExactly(false, true, false);
  }

  @Test
  void theEventLogHoldsTheRunsStartEveryTablesStartItsProgressAndTheEnd() {
    run();

    try (var store = DuckDbTableStore.openReadOnly(dir.resolve("warehouse.duckdb"))) {
      assertThat(store.query("SELECT seq, event_type, level, table_name, batch_id FROM _event_log ORDER BY seq")
          .rows()).extracting(r -> String.join(" ", r.stream().map(String::valueOf).toList())).containsExactly(
          "1 run_started INFO null null",
          "2 table_started INFO raw_events null",
          "3 progress INFO raw_events 0", "4 progress INFO raw_events 1", "5 progress INFO raw_events 2",
          "6 table_started INFO clean null",
          "7 progress INFO clean 0", "8 progress INFO clean 1", "9 progress INFO clean 2", "10 progress INFO clean 3",
          "11 table_started INFO ids null",
          "12 progress INFO ids 0",
          "13 table_completed INFO raw_events null", "14 table_completed INFO clean null",
          "15 table_completed INFO ids null",
          "16 run_finished INFO null null");
      // The details column is JSON: the progress record, queryable with DuckDB's JSON operators.
      assertThat(store.query("SELECT batch_id, details->>'$.numInputRows', details->>'$.numLateRowsDropped', "
          + "details->>'$.numDuplicatesDropped', details->>'$.eventTime.nextWatermark' FROM _event_log "
          + "WHERE event_type = 'progress' AND table_name = 'clean' ORDER BY batch_id").rows())
          .containsExactly(List.of("0", "5", "0", "1", "2026-01-01T10:00:20Z"),
              List.of("1", "4", "0", "2", "2026-01-01T10:00:41Z"),
              List.of("2", "2", "1", "0", "2026-01-01T10:00:50Z"),
              List.of("3", "0", "0", "0", "2026-01-01T10:00:50Z"));
      assertThat(store.query("SELECT message FROM _event_log WHERE event_type = 'progress' AND table_name = 'clean' "
          + "AND batch_id = 0").rows().get(0).get(0)).startsWith("[table clean] batch 0: 5 rows in, 3 out, "
          + "1 duplicate in ");
      assertThat(store.query("SELECT count(DISTINCT run_id), min(pipeline), max(pipeline) FROM _event_log").rows())
          .containsExactly(List.of("1", "observed", "observed"));
      assertThat(store.query("SELECT message FROM _event_log WHERE event_type = 'run_started'").rows())
          .containsExactly(List.of("Run started with trigger available-now"));
    }
  }

  @Test
  void theEventLogHasTheFailureAndTheFullRefreshAndKeepsNumberingAcrossRuns() {
    FaultInjector fail = (table, batchId, point) -> {
      if (table.equals(CLEAN) && point == FaultInjector.Point.BEFORE_COMMIT) {
        throw new IllegalStateException("no space left");
      }
    };
    try (PipelineRunner runner = runner().faults(fail).build()) {
      runner.run(Trigger.availableNow(), Set.of());
    }
    try (PipelineRunner runner = runner().build()) {
      runner.run(Trigger.availableNow(), Set.of(IDS));
    }

    try (var store = DuckDbTableStore.openReadOnly(dir.resolve("warehouse.duckdb"))) {
      List<List<String>> failures = store.query("SELECT level, table_name, message FROM _event_log "
          + "WHERE event_type = 'table_failed'").rows();
      assertThat(failures).hasSize(1);
      assertThat(failures.get(0).subList(0, 2)).containsExactly("ERROR", "clean");
      assertThat(failures.get(0).get(2)).startsWith("Table 'clean' failed in batch 0").contains("no space left");
      assertThat(store.query("SELECT level, table_name FROM _event_log WHERE event_type = 'table_skipped'").rows())
          .containsExactly(List.of("WARN", "ids"));
      assertThat(store.query("SELECT level FROM _event_log WHERE event_type = 'run_finished' ORDER BY seq").rows())
          .containsExactly(List.of("ERROR"), List.of("INFO"));
      assertThat(store.query("SELECT table_name, message FROM _event_log WHERE event_type = 'full_refresh'").rows())
          .containsExactly(List.of("ids", "Full refresh: the table's data and checkpoint were cleared; it is "
              + "recomputed from its inputs"));
      assertThat(store.query("SELECT count(*) = max(seq), count(DISTINCT seq) = count(*), count(DISTINCT run_id) "
          + "FROM _event_log").rows()).containsExactly(List.of("true", "true", "2"));
    }
  }

  /** Records every event as a line, and the progress records. */
  static final class Recorder implements PipelineListener {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final List<BatchProgress> progress = Collections.synchronizedList(new ArrayList<>());
    final List<PipelineEvent.RunStarted> runStarted = Collections.synchronizedList(new ArrayList<>());

    List<BatchProgress> progress(String table) {
      return progress.stream().filter(p -> p.table().equals(table)).toList();
    }

    @Override
    public void onRunStarted(PipelineEvent.RunStarted e) {
      runStarted.add(e);
      events.add("runStarted " + e.trigger() + " " + e.tables() + " refresh " + e.fullRefresh());
    }

    @Override
    public void onStarted(PipelineEvent.TableStarted e) {
      events.add("started " + e.table() + " at " + e.nextBatchId());
    }

    @Override
    public void onProgress(BatchProgress p) {
      progress.add(p);
      events.add("progress " + p.table() + " " + p.batchId());
    }

    @Override
    public void onTerminated(PipelineEvent.TableTerminated e) {
      events.add("terminated " + e.table() + " " + e.outcome() + " " + e.batches());
    }

    @Override
    public void onRunFinished(PipelineEvent.RunFinished e) {
      events.add("runFinished succeeded=" + e.succeeded() + " stopped=" + e.stopped());
    }
  }
}
