package dev.millrace.runtime.observability;

import static dev.millrace.runtime.observability.ObservedClicks.CLEAN;
import static dev.millrace.runtime.observability.ObservedClicks.IDS;
import static dev.millrace.runtime.observability.ObservedClicks.RAW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.config.Trigger;
import dev.millrace.runtime.engine.FaultInjector;
import dev.millrace.runtime.engine.PipelineRunner;
import dev.millrace.runtime.metrics.MillraceMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meters after a run of {@link ObservedClicks}, whose counts its javadoc works out by hand. */
class MillraceMetricsTest {

  /** Watermark lag is measured against this clock: one minute after clean's final watermark, 10:00:50. */
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T10:01:50Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final MillraceMetrics metrics = new MillraceMetrics(CLOCK);

  @BeforeEach
  void land() {
    ObservedClicks.land(dir.resolve("landing"));
  }

  private void run(FaultInjector faults) {
    try (PipelineRunner runner = PipelineRunner.builder(ObservedClicks.graph(dir.resolve("landing")))
        .storage(dir.resolve("storage")).warehouse(dir.resolve("warehouse.duckdb")).listener(metrics).faults(faults)
        .build()) {
      runner.run(Trigger.availableNow(), Set.of());
    }
  }

  private double count(String name, String table, String... tags) {
    return registry.get(name).tags("pipeline", "observed", "table", table).tags(tags).functionCounter().count();
  }

  private double gauge(String name, String table, String... tags) {
    return registry.get(name).tags("pipeline", "observed", "table", table).tags(tags).gauge().value();
  }

  @Test
  void tableCountersHaveTheWorkedOutRowCounts() {
    metrics.bindTo(registry);
    run(FaultInjector.NONE);

    assertThat(count("millrace.table.rows.in", RAW)).isEqualTo(11);
    assertThat(count("millrace.table.rows.out", RAW)).isEqualTo(11);
    assertThat(count("millrace.table.rows.rejected", RAW, "handling", "kept")).isEqualTo(1);
    assertThat(count("millrace.table.rows.rejected", RAW, "handling", "dropped")).isZero();
    assertThat(count("millrace.table.batches", RAW)).isEqualTo(3);

    assertThat(count("millrace.table.rows.in", CLEAN)).isEqualTo(11);
    assertThat(count("millrace.table.rows.out", CLEAN)).isEqualTo(6);
    assertThat(count("millrace.table.rows.late", CLEAN)).isEqualTo(1);
    assertThat(count("millrace.table.rows.duplicate", CLEAN)).isEqualTo(3);
    assertThat(count("millrace.table.batches", CLEAN)).isEqualTo(4);
    assertThat(count("millrace.table.failures", CLEAN)).isZero();

    assertThat(count("millrace.table.rows.in", IDS)).isEqualTo(6);
    assertThat(count("millrace.table.rows.out", IDS)).isEqualTo(6);
    assertThat(count("millrace.table.rows.late", IDS)).isZero();
  }

  @Test
  void stateMetersAreTaggedWithTheOperator() {
    metrics.bindTo(registry);
    run(FaultInjector.NONE);

    assertThat(gauge("millrace.operator.state.keys", CLEAN, "operator", "dedupe-0")).isEqualTo(4);
    assertThat(gauge("millrace.operator.state.disk", CLEAN, "operator", "dedupe-0")).isPositive();
    assertThat(gauge("millrace.operator.state.memory", CLEAN, "operator", "dedupe-0")).isPositive();
    assertThat(count("millrace.operator.rows.late", CLEAN, "operator", "dedupe-0")).isEqualTo(1);
    assertThat(count("millrace.operator.rows.duplicate", CLEAN, "operator", "dedupe-0")).isEqualTo(3);
    assertThat(registry.get("millrace.operator.state.commit").tags("table", CLEAN, "operator", "dedupe-0").timer()
        .count()).isEqualTo(4);
    assertThat(registry.find("millrace.operator.state.keys").tags("table", RAW).meters()).isEmpty();
  }

  @Test
  void gaugesShowTheWatermarkItsLagTheBacklogAndTheLastBatch() {
    metrics.bindTo(registry);
    run(FaultInjector.NONE);

    assertThat(gauge("millrace.table.watermark", CLEAN))
        .isEqualTo(Instant.parse("2026-01-01T10:00:50Z").getEpochSecond());
    assertThat(gauge("millrace.table.watermark.lag", CLEAN)).isEqualTo(60.0);
    assertThat(registry.find("millrace.table.watermark").tags("table", RAW).meters()).isEmpty();
    assertThat(gauge("millrace.table.backlog.files", RAW)).isZero();
    assertThat(gauge("millrace.table.backlog.batches", CLEAN)).isZero();
    assertThat(gauge("millrace.table.last.batch", RAW)).isEqualTo(2);
    assertThat(gauge("millrace.table.last.batch", CLEAN)).isEqualTo(3);
    assertThat(gauge("millrace.table.last.batch", IDS)).isZero();
  }

  @Test
  void batchDurationsAreTimedWithPercentiles() {
    metrics.bindTo(registry);
    run(FaultInjector.NONE);

    Timer clean = registry.get("millrace.table.batch.duration").tags("table", CLEAN).timer();
    assertThat(clean.count()).isEqualTo(4);
    assertThat(clean.takeSnapshot().percentileValues()).extracting(ValueAtPercentile::percentile)
        .containsExactly(0.5, 0.95, 0.99);
    assertThat(registry.get("millrace.table.batch.duration").tags("table", RAW).timer().count()).isEqualTo(3);
    assertThat(registry.get("millrace.table.batch.duration").tags("table", IDS).timer().count()).isEqualTo(1);
  }

  @Test
  void aRegistryBoundAfterTheRunSeesTheSameValues() {
    run(FaultInjector.NONE);
    metrics.bindTo(registry);

    assertThat(count("millrace.table.rows.duplicate", CLEAN)).isEqualTo(3);
    assertThat(gauge("millrace.operator.state.keys", CLEAN, "operator", "dedupe-0")).isEqualTo(4);
    assertThat(gauge("millrace.table.watermark.lag", CLEAN)).isEqualTo(60.0);
  }

  @Test
  void aFailedTableIsCounted() {
    metrics.bindTo(registry);
    run((table, batchId, point) -> {
      if (table.equals(CLEAN) && batchId == 1 && point == FaultInjector.Point.AFTER_WRITE) {
        throw new IllegalStateException("boom");
      }
    });

    assertThat(count("millrace.table.failures", CLEAN)).isEqualTo(1);
    assertThat(count("millrace.table.batches", CLEAN)).isEqualTo(1);
    assertThat(count("millrace.table.rows.in", CLEAN)).isEqualTo(5);
    assertThat(count("millrace.table.failures", RAW)).isZero();
  }

  @Test
  void everyMeterFollowsMicrometersConventions() {
    metrics.bindTo(registry);
    run(FaultInjector.NONE);

    // (Micrometer's own percentile gauges of the timers, "synthetic" meters, are left aside.)
    assertThat(registry.getMeters()).filteredOn(m -> m.getId().syntheticAssociation() == null).isNotEmpty()
        .allSatisfy(meter -> {
      Meter.Id id = meter.getId();
      assertThat(id.getName()).startsWith("millrace.").matches("[a-z.]+");
      assertThat(id.getDescription()).as("description of %s", id).isNotBlank();
      if (meter instanceof Timer) {
        assertThat(id.getBaseUnit()).isEqualTo("seconds");
      } else if (!id.getName().equals("millrace.table.last.batch")) {
        assertThat(id.getBaseUnit()).as("base unit of %s", id).isNotBlank();
      }
      var keys = id.getTags().stream().map(Tag::getKey).toList();
      assertThat(keys).contains("pipeline", "table").isSubsetOf("pipeline", "table", "operator", "handling");
    });
  }
}
