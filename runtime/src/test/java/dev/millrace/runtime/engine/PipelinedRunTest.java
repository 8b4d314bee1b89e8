package dev.millrace.runtime.engine;

import static dev.millrace.runtime.engine.CrashTestPipeline.BRONZE;
import static dev.millrace.runtime.engine.CrashTestPipeline.SILVER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.config.Trigger;
import dev.millrace.runtime.engine.CrashScenario.FailOnce;
import dev.millrace.runtime.engine.FaultInjector.Point;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With a thread per table, a streaming table runs alongside the streaming table it reads and takes each upstream
 * batch from memory. The warehouse and checkpoints it leaves are exactly those of a run that updates the tables
 * one after the other, with or without a crash on the way.
 */
class PipelinedRunTest {

  private static final int FILES = 6;
  private static final int LINES = 30;

  @Test
  void aPipelinedRunLeavesExactlyWhatASequentialRunLeaves(@TempDir Path dir) {
    WarehouseState sequential = new CrashScenario(dir.resolve("sequential"), 1).threads(1).land(0, FILES, LINES)
        .runAndRead();
    var pipelined = new CrashScenario(dir.resolve("pipelined"), 1).threads(0).land(0, FILES, LINES);

    WarehouseState state = pipelined.runAndRead();

    state.assertExactlyOnce();
    state.assertSameAs(sequential);
    assertThat(state.batches().get(SILVER)).hasSize(FILES); // one silver batch per bronze batch
  }

  @Test
  void downstreamBatchesAreTakenFromMemory(@TempDir Path dir) {
    var scenario = new CrashScenario(dir.resolve("p"), 1).land(0, FILES, LINES);
    try (PipelineRunner runner = PipelineRunner.builder(scenario.graph).storage(scenario.storage)
        .warehouse(scenario.warehouse).build()) {
      assertThat(runner.run(Trigger.availableNow(), Set.of()).succeeded()).isTrue();
      long[] hitsAndMisses = runner.handoffStats();
      // Every silver batch reads one bronze batch, from memory unless silver fell more than 4 batches behind bronze
      // (possible on a loaded machine, so only "some" is asserted); the counts add up either way.
      assertThat(hitsAndMisses[0] + hitsAndMisses[1]).isEqualTo(FILES);
      assertThat(hitsAndMisses[0]).isGreaterThan(0);
    }
  }

  @ParameterizedTest
  @EnumSource(Point.class)
  void aCrashDuringAPipelinedRunRecoversToTheSequentialResult(Point point, @TempDir Path dir) {
    WarehouseState expected = new CrashScenario(dir.resolve("sequential"), 1).threads(1).land(0, FILES, LINES)
        .runAndRead();
    var scenario = new CrashScenario(dir.resolve("crashed"), 1).threads(0).land(0, FILES, LINES);

    var silverFault = new FailOnce(SILVER, 2, point);
    assertThat(scenario.run(silverFault).succeeded()).isFalse();
    assertThat(silverFault.fired()).isTrue();
    var bronzeFault = new FailOnce(BRONZE, 4, point);
    scenario.run(bronzeFault);
    RunResult last = scenario.run();

    assertThat(last.succeeded()).isTrue();
    WarehouseState state = scenario.state();
    state.assertExactlyOnce();
    assertThat(state.tables()).isEqualTo(expected.tables());
  }
}
