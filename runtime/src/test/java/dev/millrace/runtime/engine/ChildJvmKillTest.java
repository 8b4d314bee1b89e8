package dev.millrace.runtime.engine;

import static dev.millrace.runtime.engine.AggregationCrashPipeline.COMPLETE;
import static dev.millrace.runtime.engine.AggregationCrashPipeline.UPDATES;
import static dev.millrace.runtime.engine.CrashTestPipeline.BRONZE;
import static dev.millrace.runtime.engine.CrashTestPipeline.SILVER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.graph.PipelineGraph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under real crashes: the pipeline, with the aggregation tables of {@link AggregationCrashPipeline} and
 * their state in RocksDB, runs in a child JVM ({@link KillablePipelineMain}) that is killed
 * with SIGKILL ({@link Process#destroyForcibly()} on Linux) at random moments, several times, and then runs to the
 * end; its tables must equal those of an uninterrupted run, batch for batch and row for row, with every batch written
 * once; the aggregation tables must add up to what the files hold, and their state keep exactly the retained
 * versions. The kill delays come from a fixed seed and are printed with the last step of the commit protocol the child
 * reported, so a failure can be replayed.
 *
 * <p>Takes about 15 s: six JVM starts and some 5 s of pipeline work.
 */
@Tag("child-jvm")
class ChildJvmKillTest {

  static final long SEED = 20260101L;
  static final String PROVIDER = "rocksdb";
  /** Files per batch of the aggregation tables: ten batches, each with several commits of RocksDB state. */
  static final int AGGREGATE_FILES_PER_BATCH = 4;
  static final int AGGREGATE_BATCHES = 10;
  static final int KILLS = 5;
  static final int FILES = 40;
  static final int LINES = 180;
  /** Pauses per silver row and per step of the commit protocol, so that a run lasts about 5 s, kills included. */
  static final long PAUSE_MICROS = 100;
  static final long STEP_MILLIS = 15;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void tablesEqualAnUninterruptedRunAfterTheProcessIsKilledAtRandomMomentsAndRestarted(@TempDir Path dir)
      throws Exception {
    Path landing = dir.resolve("landing");
    ClickFiles.writeParts(landing, 0, FILES, LINES);
    var uninterrupted = new CrashScenario(landing, dir.resolve("uninterrupted"), graph(landing));
    assertThat(uninterrupted.run().succeeded()).isTrue();
    WarehouseState expected = uninterrupted.state();
    expected.assertExactlyOnce();
    assertThat(expected.batches().get(BRONZE)).hasSize(FILES);
    assertThat(expected.markers().get(UPDATES)).hasSize(AGGREGATE_BATCHES);
    ClickAggregates.assertTablesAddUp(expected, landing);

    var killed = new CrashScenario(landing, dir.resolve("killed"), graph(landing));
    var random = new Random(SEED);
    var timeline = new ArrayList<String>();
    int killedMidRun = 0;
    int killedMidAggregation = 0;
    for (int round = 0; round < KILLS; round++) {
      long delay = 200 + random.nextInt(1300);
      Path log = dir.resolve("child-" + round + ".log");
      Process child = start(killed, log);
      long readyAfter = awaitReady(child, log);
      Thread.sleep(delay);
      boolean alive = child.isAlive();
      child.destroyForcibly();
      // The warehouse's file lock is released only once the process is gone.
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child %d ended", round).isTrue();
      String output = Files.readString(log);
      boolean done = output.contains("DONE");
      if (alive && !done) {
        killedMidRun++;
        int aggregated = WarehouseState.checkpoint(killed.storage, UPDATES).commits().ids().size();
        if (aggregated > 0 && aggregated < AGGREGATE_BATCHES) {
          killedMidAggregation++;
        }
      }
      String line = String.format("kill %d: %d ms after READY (ready %d ms after start); %s; last step seen: %s; "
          + "then offsets/commits: bronze %s, silver %s, %s %s, %s %s", round, delay, readyAfter,
          !alive || done ? "the run had already ended" : "killed mid-run", lastStep(output),
          progress(killed, BRONZE), progress(killed, SILVER), UPDATES, progress(killed, UPDATES), COMPLETE,
          progress(killed, COMPLETE));
      timeline.add(line);
      System.out.println("[ChildJvmKillTest seed " + SEED + "] " + line);
    }
    Path log = dir.resolve("child-final.log");
    Process last = start(killed, log);
    assertThat(last.waitFor(2, TimeUnit.MINUTES)).as("the final run ended").isTrue();
    assertThat(last.exitValue()).as("exit code of the final run; its output:\n%s", Files.readString(log))
        .isZero();
    assertThat(Files.readString(log)).contains("DONE succeeded=true");

    assertThat(killedMidRun).as("kills that interrupted a run:\n%s", String.join("\n", timeline))
        .isGreaterThanOrEqualTo(3);
    assertThat(killedMidAggregation).as("kills between two batches of %s:\n%s", UPDATES, String.join("\n", timeline))
        .isGreaterThanOrEqualTo(2);
    WarehouseState recovered = killed.state();
    recovered.assertExactlyOnce();
    recovered.assertSameAs(expected);
    ClickAggregates.assertTablesAddUp(recovered, landing);
    for (String table : List.of(UPDATES, COMPLETE)) {
      AggregationFaultTest.assertStateFilesKeepExactlyTheRetainedVersions(killed.storage, table, AGGREGATE_BATCHES);
      AggregationFaultTest.assertStateRestoresExactlyTheRetainedVersions(killed.storage, killed.graph, table,
          AGGREGATE_BATCHES, recovered.rowCount(table));
    }
  }

  /** The crash tests' pipeline with the aggregation tables, their state in RocksDB. */
  private static PipelineGraph graph(Path landing) {
    return AggregationCrashPipeline.withCrashTestPipeline(PROVIDER, "files", landing, AGGREGATE_FILES_PER_BATCH, 0);
  }

  /** {@code offsets/N} and {@code commits/N} of a table, as "offsets/commits". */
  private static String progress(CrashScenario scenario, String table) {
    var checkpoint = WarehouseState.checkpoint(scenario.storage, table);
    return checkpoint.offsets().ids().size() + "/" + checkpoint.commits().ids().size();
  }

  private static Process start(CrashScenario scenario, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), KillablePipelineMain.class.getName(),
        scenario.landing.toString(), scenario.storage.toString(), scenario.warehouse.toString(),
        Long.toString(PAUSE_MICROS), Long.toString(STEP_MILLIS), PROVIDER,
        Integer.toString(AGGREGATE_FILES_PER_BATCH));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static String lastStep(String output) {
    int at = output.lastIndexOf("STEP ");
    return at < 0 ? "none" : output.substring(at + 5, output.indexOf('\n', at) < 0 ? output.length()
        : output.indexOf('\n', at));
  }

  /** Waits for the child's READY line; returns how long it took, in milliseconds. */
  private static long awaitReady(Process child, Path log) throws IOException, InterruptedException {
    long start = System.nanoTime();
    long deadline = start + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("READY")) {
        return (System.nanoTime() - start) / 1_000_000;
      }
      if (!child.isAlive()) {
        throw new AssertionError("The child ended before READY; its output:\n" + Files.readString(log));
      }
      Thread.sleep(5);
    }
    child.destroyForcibly().waitFor();
    throw new AssertionError("The child did not print READY within 60 s; its output:\n" + Files.readString(log));
  }
}
