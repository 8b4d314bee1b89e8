package dev.millrace.runtime.groupstate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.config.PipelineConfig;
import dev.millrace.runtime.engine.FaultInjector;
import dev.millrace.runtime.testing.MemoryStream;
import dev.millrace.runtime.testing.PipelineTestDriver;
import dev.millrace.runtime.testing.SimulatedCrashes;
import dev.millrace.types.Row;
import java.time.Instant;
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
 * Group state through a crash at each step of the commit protocol: state updated (running counts), kept across
 * batches, timed out by the watermark and removed (sessions). After a restart every batch of both tables holds
 * exactly what an uninterrupted run wrote.
 */
class GroupStateRecoveryTest {

  private static Instant t(int seconds) {
    return Instant.parse("2026-01-01T12:00:00Z").plusSeconds(seconds);
  }

  /** Four batches: sessions of u1 and u2 time out along the way (30 s after their last click, by the watermark). */
  private static List<Row[]> batches() {
    var batches = new ArrayList<Row[]>();
    batches.add(new Row[] {Row.of("u1", t(0)), Row.of("u2", t(5)), Row.of("u1", t(10))});
    batches.add(new Row[] {Row.of("u3", t(30)), Row.of("u2", t(20))});
    batches.add(new Row[] {Row.of("u3", t(70)), Row.of("u1", t(75))});
    batches.add(new Row[] {Row.of("u4", t(150))});
    return batches;
  }

  private static PipelineConfig config(String provider) {
    return PipelineConfig.parse("""
        pipeline:
          defaults:
            partitions: 2
            state-store: { provider: %s, snapshot-interval: 2, retain-batches: 3 }
        """.formatted(provider), "t.yaml", Map.of());
  }

  private static final List<String> TABLES = List.of("running_counts", "sessions");
  private static final Map<String, Map<String, Map<Long, List<Row>>>> EXPECTED = new ConcurrentHashMap<>();

  private static Map<String, Map<Long, List<Row>>> run(String provider, String failingTable, long failingBatch,
      FaultInjector.Point point) {
    var fault = failingTable == null ? null : new SimulatedCrashes.Once(failingTable, failingBatch, point);
    try (var driver = PipelineTestDriver.create(new GroupStateTest.Users(), config(provider))) {
      if (fault != null) {
        driver.faults(fault);
      }
      MemoryStream clicks = driver.memoryStream("clicks");
      for (Row[] batch : batches()) {
        clicks.addBatch(batch);
        SimulatedCrashes.processRecovering(driver);
      }
      assertThat(fault == null || fault.fired()).as("the fault fired").isTrue();
      var out = new LinkedHashMap<String, Map<Long, List<Row>>>();
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
        args.add(Arguments.of(provider, "running_counts", 2L, point));
        args.add(Arguments.of(provider, "sessions", 3L, point));
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0}: {1} batch {2} fails at {3}")
  @MethodSource("faults")
  void aCrashAtAnyStepLeavesTheTablesOfAnUninterruptedRun(String provider, String table, long batch,
      FaultInjector.Point point) {
    var expected = EXPECTED.computeIfAbsent(provider, p -> run(p, null, -1, null));
    var recovered = run(provider, table, batch, point);

    assertThat(recovered).isEqualTo(expected);
    // Not trivial: the counts carry across batches, and sessions time out and are written.
    assertThat(expected.get("running_counts").values().stream().flatMap(List::stream))
        .contains(Row.of("u1", 3L), Row.of("u2", 2L));
    assertThat(expected.get("sessions").values().stream().mapToInt(List::size).sum()).isGreaterThanOrEqualTo(2);
  }
}
