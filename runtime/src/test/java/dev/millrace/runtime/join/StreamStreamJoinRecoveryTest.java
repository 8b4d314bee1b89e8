package dev.millrace.runtime.join;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.annotation.StreamingTable;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.runtime.engine.FaultInjector;
import dev.millrace.runtime.testing.PipelineTestDriver;
import dev.millrace.runtime.testing.SimulatedCrashes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Join state through a crash at each step of the commit protocol, in a batch with input (rows buffered and matched)
 * and in a no-data batch (rows evicted and outer rows emitted): after a restart, every batch of the join tables
 * holds exactly what an uninterrupted run wrote.
 */
class StreamStreamJoinRecoveryTest {

  /** Only the tables this test compares: the full outer join (both sides' null rows) and the semi join. */
  public static class Pipeline {
    private final StreamStreamJoinTest.Ads ads = new StreamStreamJoinTest.Ads();

    @StreamingTable
    public Dataset impressions(PipelineContext ctx) {
      return ads.impressions(ctx);
    }

    @StreamingTable
    public Dataset clicks(PipelineContext ctx) {
      return ads.clicks(ctx);
    }

    @StreamingTable
    public Dataset everything(PipelineContext ctx) {
      return ads.everything(ctx);
    }

    @StreamingTable
    public Dataset clickedImpressions(PipelineContext ctx) {
      return ads.clickedImpressions(ctx);
    }
  }

  private static final List<String> TABLES = List.of("everything", "clicked_impressions");
  private static final Map<String, Map<String, Map<Long, List<dev.millrace.types.Row>>>> EXPECTED =
      new ConcurrentHashMap<>();

  private static Map<String, Map<Long, List<dev.millrace.types.Row>>> run(String provider, String failingTable,
      long failingBatch, FaultInjector.Point point) {
    var fault = failingTable == null ? null : new SimulatedCrashes.Once(failingTable, failingBatch, point);
    try (var driver = PipelineTestDriver.create(new Pipeline(), StreamStreamJoinTest.config(provider))) {
      if (fault != null) {
        driver.faults(fault);
      }
      StreamStreamJoinTest.feed(driver, () -> SimulatedCrashes.processRecovering(driver), () -> { });
      assertThat(fault == null || fault.fired()).as("the fault fired").isTrue();
      var out = new LinkedHashMap<String, Map<Long, List<dev.millrace.types.Row>>>();
      for (String table : TABLES) {
        out.put(table, SimulatedCrashes.sortedBatches(driver, table));
      }
      return out;
    }
  }

  static Stream<Arguments> faults() {
    var args = new ArrayList<Arguments>();
    for (String provider : List.of("memory", "rocksdb")) {
      for (FaultInjector.Point point : FaultInjector.Point.values()) {
        args.add(Arguments.of(provider, "everything", 2L, point)); // rows buffered and matched
        args.add(Arguments.of(provider, "everything", 5L, point)); // rows evicted, null rows emitted
      }
      args.add(Arguments.of(provider, "clicked_impressions", 2L, FaultInjector.Point.AFTER_STATE_COMMIT));
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0}: {1} batch {2} fails at {3}")
  @MethodSource("faults")
  void aCrashAtAnyStepLeavesTheJoinTablesOfAnUninterruptedRun(String provider, String table, long batch,
      FaultInjector.Point point) {
    var expected = EXPECTED.computeIfAbsent(provider, p -> run(p, null, -1, null));
    var recovered = run(provider, table, batch, point);

    assertThat(recovered).isEqualTo(expected);
    // Not trivial: batch 5 of the full outer join has both sides' null rows.
    assertThat(expected.get("everything").get(5L)).hasSize(2);
  }
}
