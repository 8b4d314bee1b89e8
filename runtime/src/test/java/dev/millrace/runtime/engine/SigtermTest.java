package dev.millrace.runtime.engine;

import static dev.millrace.runtime.engine.CrashTestPipeline.BRONZE;
import static dev.millrace.runtime.engine.CrashTestPipeline.SILVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graceful shutdown for real: the crash tests' pipeline runs as a Spring Boot application in a child JVM
 * ({@link SigtermPipelineApp}, {@code run --config ...}); in the middle of the run it gets SIGTERM
 * ({@link Process#destroy()} on Linux). The application must finish the batches in flight (every {@code offsets/N}
 * has its {@code commits/N}), log how long stopping took, and exit; a second start must then finish the job, and the
 * tables must equal those of an uninterrupted run, batch for batch and row for row.
 *
 * <p>Takes about 15 s: two JVM starts and some 8 s of pipeline work.
 */
@Tag("child-jvm")
class SigtermTest {

  static final int FILES = 16;
  static final int LINES = 100;
  /** Per silver row: a silver batch of 100 rows takes ~0.3 s, so SIGTERM lands in the middle of one. */
  static final long PAUSE_MICROS = 3000;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void sigtermFinishesTheBatchesInFlightAndARestartGivesTheTablesOfAnUninterruptedRun(@TempDir Path dir)
      throws Exception {
    Path landing = dir.resolve("landing");
    ClickFiles.writeParts(landing, 0, FILES, LINES);
    var uninterrupted = new CrashScenario(landing, dir.resolve("uninterrupted"), 1);
    assertThat(uninterrupted.run().succeeded()).isTrue();
    WarehouseState expected = uninterrupted.state();
    expected.assertExactlyOnce();

    var stopped = new CrashScenario(landing, dir.resolve("stopped"), 1);
    Path config = Files.writeString(dir.resolve("sigterm.yaml"), """
        pipeline:
          name: sigterm
          storage: %s
          warehouse: %s
          configuration: { landing: %s, maxFilesPerTrigger: "1", pauseMicros: "%d" }
        """.formatted(stopped.storage, stopped.warehouse, landing, PAUSE_MICROS));

    Path firstLog = dir.resolve("first.log");
    Process first = start(config, firstLog);
    awaitLine(first, firstLog, "PROGRESS " + SILVER + " 1");
    first.destroy(); // SIGTERM
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("the application ended after SIGTERM").isTrue();
    String firstOutput = Files.readString(firstLog);

    assertThat(first.exitValue()).as("exit code after SIGTERM; output:\n%s", firstOutput).isEqualTo(143);
    assertThat(firstOutput).contains("Stopping pipeline 'sigterm': waiting up to 30 s for the batches in flight");
    assertThat(Pattern.compile("Pipeline 'sigterm' stopped gracefully in \\d+ ms").matcher(firstOutput).find())
        .as("the stop and its time are logged; output:\n%s", firstOutput).isTrue();
    for (String table : List.of(BRONZE, SILVER)) {
      var checkpoint = WarehouseState.checkpoint(stopped.storage, table);
      assertThat(checkpoint.offsets().ids()).as("%s: every planned batch committed (none left half done)", table)
          .isEqualTo(checkpoint.commits().ids());
    }
    int silverBatches = WarehouseState.checkpoint(stopped.storage, SILVER).commits().ids().size();
    assertThat(silverBatches).as("SIGTERM came in the middle of the run").isBetween(2, FILES - 1);
    assertThat(firstOutput).contains("Pipeline 'sigterm' stopped in ").doesNotContain("Pipeline 'sigterm' updated");

    Path secondLog = dir.resolve("second.log");
    Process second = start(config, secondLog);
    assertThat(second.waitFor(2, TimeUnit.MINUTES)).as("the second run ended").isTrue();
    String secondOutput = Files.readString(secondLog);
    assertThat(second.exitValue()).as("exit code of the second run; output:\n%s", secondOutput).isZero();
    assertThat(secondOutput).contains("Pipeline 'sigterm' updated");
    // The second run starts where the first stopped: silver's first batch now is the one after the last committed.
    assertThat(secondOutput).contains("PROGRESS " + SILVER + " " + silverBatches)
        .doesNotContain("PROGRESS " + SILVER + " " + (silverBatches - 1) + "\n");

    WarehouseState recovered = stopped.state();
    recovered.assertExactlyOnce();
    recovered.assertSameAs(expected);
  }

  private static Process start(Path config, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), SigtermPipelineApp.class.getName(),
        "run", "--no-progress", "--config", config.toString(), "--spring.main.banner-mode=off");
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static void awaitLine(Process child, Path log, String line) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(line)) {
        return;
      }
      if (!child.isAlive()) {
        throw new AssertionError("The child ended before '" + line + "'; its output:\n" + Files.readString(log));
      }
      Thread.sleep(5);
    }
    child.destroyForcibly().waitFor();
    throw new AssertionError("No '" + line + "' within 90 s; the child's output:\n" + Files.readString(log));
  }
}
