package dev.millrace.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.runtime.engine.FaultInjector;
import dev.millrace.types.Row;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the crash-recovery tests share: a fault that fires once at one step of one table's batch, a run that
 * restarts the driver after it (as a new process would) and goes on, and the tables' batches in a comparable form.
 */
public final class SimulatedCrashes {

  private SimulatedCrashes() {}

  /** A fault at {@code point} of {@code table}'s batch {@code batch}, thrown the first time only. */
  public static final class Once implements FaultInjector {
    private final String table;
    private final long batch;
    private final Point point;
    private final AtomicBoolean fired = new AtomicBoolean();

    public Once(String table, long batch, Point point) {
      this.table = table;
      this.batch = batch;
      this.point = point;
    }

    @Override
    public void at(String t, long b, Point p) {
      if (t.equals(table) && b == batch && p == point && fired.compareAndSet(false, true)) {
        throw new IllegalStateException("simulated crash at " + p);
      }
    }

    public boolean fired() {
      return fired.get();
    }
  }

  /** Processes what is available; after a simulated crash, restarts the driver without faults and processes again. */
  public static void processRecovering(PipelineTestDriver driver) {
    try {
      driver.processAllAvailable();
    } catch (RuntimeException crash) {
      assertThat(crash).hasMessageContaining("simulated crash");
      driver.restart();
      driver.faults(FaultInjector.NONE);
      driver.processAllAvailable();
    }
  }

  /** The rows each batch wrote to {@code table}, sorted within the batch (partitions may emit in any order). */
  public static Map<Long, List<Row>> sortedBatches(PipelineTestDriver driver, String table) {
    var byBatch = new TreeMap<Long, List<Row>>();
    driver.emitted(table).forEach((b, rows) -> byBatch.put(b, sortedRows(rows)));
    return byBatch;
  }

  /** {@code rows} in the order of their text. */
  public static List<Row> sortedRows(List<Row> rows) {
    return rows.stream().sorted(Comparator.comparing(Row::toString)).toList();
  }
}
