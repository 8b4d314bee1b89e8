package dev.millrace.runtime.engine;

import static dev.millrace.runtime.engine.AggregationCrashPipeline.COMPLETE;
import static dev.millrace.runtime.engine.AggregationCrashPipeline.PARTITIONS;
import static dev.millrace.runtime.engine.AggregationCrashPipeline.RETAIN_BATCHES;
import static dev.millrace.runtime.engine.AggregationCrashPipeline.SNAPSHOT_INTERVAL;
import static dev.millrace.runtime.engine.AggregationCrashPipeline.UPDATES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.graph.PipelineGraph;
import dev.millrace.runtime.engine.FaultInjector.Point;
import dev.millrace.runtime.state.StateResources;
import dev.millrace.runtime.state.StateStoreProvider;
import dev.millrace.runtime.state.StateStoreProviders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exactly-once for the stateful tables (issue 4): the aggregation tables of {@link AggregationCrashPipeline}, in
 * update and in complete mode, fail once at a step of the commit protocol of one batch; a new runner (a restarted
 * process) re-runs the batch from the state version before it; the tables then equal those of an uninterrupted run
 * (the update table batch for batch: the rows each batch wrote that later batches did not replace), add up to what
 * the files hold, and the state holds one key per group in exactly the versions {@code retain-batches} keeps.
 *
 * <p>Five files, one per batch: state versions 1 to 5, snapshots every 2 versions, 3 versions retained (so at the end
 * snapshots 2 and 4 and changelogs 3 to 5). Failing batch 1 makes the restart restore version 1 from its changelog
 * alone; failing batch 3 from the snapshot of version 2 and the changelog of version 3.
 */
class AggregationFaultTest {

  static final int FILES = 5;
  static final int LINES = 40;
  static final List<String> PROVIDERS = List.of("memory", "rocksdb");
  static final List<String> AGGREGATES = List.of(UPDATES, COMPLETE);

  @TempDir
  static Path sharedDir;

  static Path landing;
  static final Map<String, WarehouseState> uninterrupted = new HashMap<>();

  @BeforeAll
  static void runWithoutFaults() {
    landing = sharedDir.resolve("landing");
    ClickFiles.writeParts(landing, 0, FILES, LINES);
    for (String provider : PROVIDERS) {
      var scenario = new CrashScenario(landing, sharedDir.resolve("uninterrupted-" + provider),
          AggregationCrashPipeline.graph(provider, landing, 1));
      RunResult result = scenario.run();
      assertThat(result.firstError()).isEmpty();
      WarehouseState state = scenario.state();
      state.assertExactlyOnce();
      for (String table : AGGREGATES) {
        assertThat(state.markers().get(table)).as("batches of %s", table).hasSize(FILES);
      }
      // The per-batch comparison of the update table is only worth something if several batches keep rows.
      assertThat(state.batches().get(UPDATES)).as("batches with rows left in %s", UPDATES).hasSizeGreaterThan(3);
      ClickAggregates.assertTablesAddUp(state, landing);
      assertStateSizeIsOneKeyPerGroup(result, state);
      uninterrupted.put(provider, state);
    }
  }

  @Test
  void theMemoryAndRocksDbProvidersGiveTheSameTablesBatchForBatch() {
    uninterrupted.get("rocksdb").assertSameAs(uninterrupted.get("memory"));
  }

  /**
   * Every step with each provider, half of them at batch 1 and half at batch 3 (the other way round for the other
   * provider), so each provider restores from a changelog alone and from a snapshot plus a changelog, and each step
   * is tried at both batches.
   */
  static Stream<Arguments> everyStepWithEachProvider() {
    var cases = new ArrayList<Arguments>();
    for (int p = 0; p < PROVIDERS.size(); p++) {
      for (Point point : Point.values()) {
        cases.add(Arguments.of(PROVIDERS.get(p), point, (point.ordinal() + p) % 2 == 0 ? 3L : 1L));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: batch {2} fails at {1}")
  @MethodSource("everyStepWithEachProvider")
  void aRestartReRunsTheFailedBatchFromThePreviousStateVersionAndEndsWithTheTablesOfAnUninterruptedRun(
      String provider, Point point, long batchId, @TempDir Path dir) {
    PipelineGraph graph = AggregationCrashPipeline.graph(provider, landing, 1);
    var scenario = new CrashScenario(landing, dir, graph);
    var fault = new FailOnceEach(Set.copyOf(AGGREGATES), batchId, point);

    RunResult failed = scenario.run(fault);

    assertThat(failed.succeeded()).isFalse();
    boolean stateCommitted = point.compareTo(Point.AFTER_STATE_COMMIT) >= 0;
    for (String table : AGGREGATES) {
      assertThat(fault.fired(table)).as("the fault of %s fired", table).isTrue();
      assertThat(failed.table(table).orElseThrow().status()).as("status of %s", table)
          .isEqualTo(TableProgress.Status.FAILED);
      assertThat(WarehouseState.checkpoint(scenario.storage, table).lastCommit()).as("last commits/N of %s", table)
          .hasValueSatisfying(c -> assertThat(c.batchId()).isEqualTo(batchId - 1));
      for (int p = 0; p < PARTITIONS; p++) {
        // Version N + 1 is the state after batch N.
        assertThat(versions(stateDir(scenario.storage, table, p).resolve("changelog")).last())
            .as("latest state version of %s partition %d after failing at %s", table, p, point)
            .isEqualTo(stateCommitted ? batchId + 1 : batchId);
      }
    }

    RunResult restarted = scenario.run();

    assertThat(restarted.firstError()).isEmpty();
    for (String table : AGGREGATES) {
      TableProgress progress = restarted.table(table).orElseThrow();
      assertThat(progress.lastBatch()).as("last batch of %s", table).isEqualTo(FILES - 1);
      assertThat(progress.batches()).as("batches of %s after the restart: the failed one again, then the rest", table)
          .isEqualTo(FILES - batchId);
    }
    WarehouseState recovered = scenario.state();
    recovered.assertExactlyOnce();
    recovered.assertSameAs(uninterrupted.get(provider));
    ClickAggregates.assertTablesAddUp(recovered, landing);
    assertStateSizeIsOneKeyPerGroup(restarted, recovered);
    for (String table : AGGREGATES) {
      assertStateFilesKeepExactlyTheRetainedVersions(scenario.storage, table, FILES);
    }
    // Restoring from the files is the slow part with RocksDB; the two tables' states are kept by the same code.
    assertStateRestoresExactlyTheRetainedVersions(scenario.storage, graph, UPDATES, FILES, recovered.rowCount(UPDATES));
  }

  /**
   * A process killed while pruning a snapshot leaves part of its directory; the next commits must still leave exactly
   * the retained versions' files. (Found by {@link ChildJvmKillTest}: a snapshot directory whose {@code metadata} was
   * already deleted is no longer seen as a snapshot, so pruning never deleted the rest of it.)
   */
  @Test
  void theRemainsOfASnapshotWhoseDeletionWasInterruptedAreDeletedLater(@TempDir Path dir) throws IOException {
    String provider = "memory"; // the state files are the same code for both providers
    Path ownLanding = dir.resolve("landing");
    ClickFiles.writeParts(ownLanding, 0, FILES, LINES);
    PipelineGraph graph = AggregationCrashPipeline.graph(provider, ownLanding, 1);
    var scenario = new CrashScenario(ownLanding, dir, graph);
    assertThat(scenario.run().succeeded()).isTrue();
    // The next prunings delete the snapshot of version 2. A kill in the middle of deleting its directory leaves part
    // of it, e.g. its data without its metadata.
    for (int p = 0; p < PARTITIONS; p++) {
      Files.delete(stateDir(scenario.storage, UPDATES, p).resolve("snapshots").resolve("2").resolve("metadata"));
    }
    // Three more batches: 8 versions, so that retaining one version more or less would keep other files (with 5
    // versions, and snapshots every 2, retaining 3 or 4 keeps the same files).
    ClickFiles.writeParts(ownLanding, FILES, 3, LINES);

    assertThat(scenario.run().succeeded()).isTrue();

    assertStateFilesKeepExactlyTheRetainedVersions(scenario.storage, UPDATES, FILES + 3);
  }

  /** The keys the run reported for each aggregation table: one per group, i.e. per row of the table. */
  static void assertStateSizeIsOneKeyPerGroup(RunResult result, WarehouseState state) {
    for (String table : AGGREGATES) {
      assertThat(result.table(table).orElseThrow().stateKeys()).as("state keys of %s", table)
          .isEqualTo(state.rowCount(table));
    }
    // In update mode each group's row replaced its previous one: one row per user.
    List<Object> users = state.tables().get(UPDATES).stream().map(r -> r.get(0)).toList();
    assertThat(users).as("user_id of the rows of %s", UPDATES).doesNotHaveDuplicates();
  }

  /**
   * After the commit of version {@code latest}, each partition's state directory holds exactly what restores the
   * last {@code retain-batches} versions ({@link StateStoreProvider}'s contract): the newest snapshot at or below the
   * oldest of them, the later snapshots and the changelogs after that snapshot; no temporary files.
   */
  static void assertStateFilesKeepExactlyTheRetainedVersions(Path storage, String table, long latest) {
    long oldest = latest - RETAIN_BATCHES + 1;
    long base = oldest / SNAPSHOT_INTERVAL * SNAPSHOT_INTERVAL;
    for (int p = 0; p < PARTITIONS; p++) {
      Path dir = stateDir(storage, table, p);
      assertThat(versions(dir.resolve("changelog"))).as("changelog versions of %s partition %d", table, p)
          .containsExactlyElementsOf(LongStream.rangeClosed(base + 1, latest).boxed().toList());
      assertThat(versions(dir.resolve("snapshots"))).as("snapshot versions of %s partition %d", table, p)
          .containsExactlyElementsOf(LongStream.rangeClosed(base, latest).filter(v -> v % SNAPSHOT_INTERVAL == 0)
              .boxed().toList());
      for (String sub : List.of("changelog", "snapshots")) {
        assertThat(names(dir.resolve(sub))).as("%s of %s partition %d", sub, table, p)
            .allMatch(n -> n.chars().allMatch(Character::isDigit));
      }
    }
  }

  /**
   * A provider opened on each partition's state directory, as a restart would open it, restores exactly the last
   * {@code retain-batches} versions and refuses the one before; its latest version holds {@code groups} keys over
   * the partitions.
   */
  static void assertStateRestoresExactlyTheRetainedVersions(Path storage, PipelineGraph graph, String table,
      long latest, long groups) {
    long oldest = latest - RETAIN_BATCHES + 1;
    var settings = graph.table(table).settings().stateStore();
    long keys = 0;
    try (var resources = new StateResources()) {
      for (int p = 0; p < PARTITIONS; p++) {
        try (StateStoreProvider provider = StateStoreProviders.create(settings, stateDir(storage, table, p),
            resources)) {
          assertThat(provider.committedVersions()).as("restorable versions of %s partition %d", table, p)
              .containsExactlyElementsOf(LongStream.rangeClosed(oldest, latest).boxed().toList());
          assertThatThrownBy(() -> provider.load(oldest - 1)).as("loading version %d", oldest - 1)
              .hasMessageContaining("retain-batches");
          var store = provider.load(latest);
          keys += store.metrics().keys();
          store.abort();
        }
      }
    }
    assertThat(keys).as("keys of %s's state version %d restored from the files", table, latest).isEqualTo(groups);
  }

  static Path stateDir(Path storage, String table, int partition) {
    return storage.resolve("checkpoints").resolve(table).resolve("state").resolve("aggregate-0")
        .resolve(Integer.toString(partition));
  }

  private static List<String> names(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(e -> e.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The version numbers named in {@code dir} (changelog files or snapshot directories), ascending. */
  static TreeSet<Long> versions(Path dir) {
    var out = new TreeSet<Long>();
    for (String name : names(dir)) {
      if (name.chars().allMatch(Character::isDigit)) {
        out.add(Long.parseLong(name));
      }
    }
    return out;
  }

  /** Throws once for each of {@code tables}, when it reaches {@code point} in batch {@code batchId}. */
  static final class FailOnceEach implements FaultInjector {
    private final Set<String> tables;
    private final long batchId;
    private final Point point;
    private final Set<String> fired = new java.util.HashSet<>();

    FailOnceEach(Set<String> tables, long batchId, Point point) {
      this.tables = tables;
      this.batchId = batchId;
      this.point = point;
    }

    @Override
    public synchronized void at(String table, long b, Point p) {
      if (tables.contains(table) && b == batchId && p == point && fired.add(table)) {
        throw new CrashScenario.SimulatedCrash(p.name().toLowerCase(Locale.ROOT));
      }
    }

    synchronized boolean fired(String table) {
      return fired.contains(table);
    }
  }
}
