package dev.millrace.runtime.groupstate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.annotation.StreamingTable;
import dev.millrace.config.PipelineConfig;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.runtime.checkpoint.Checkpoint;
import dev.millrace.runtime.engine.FaultInjector;
import dev.millrace.runtime.testing.MemoryStream;
import dev.millrace.runtime.testing.PipelineTestDriver;
import dev.millrace.streaming.GroupState;
import dev.millrace.streaming.GroupStateTimeout;
import dev.millrace.streaming.OutputMode;
import dev.millrace.types.Encoders;
import dev.millrace.types.Row;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How {@code [flat]mapGroupsWithState} runs: which thread calls the user's function, when a processing-time timeout
 * fires without new input, and which rows an event-time timeout query drops as late. Expected values worked by
 * hand from Spark's {@code FlatMapGroupsWithStateExec} rules.
 */
class GroupStateExecutionTest {

  public record Visit(String user, Instant t) {}

  public record Idle(String user, long visits, long firedAtMs) {}

  public record UserCount(String user, long clicks) {}

  public record Session(long clicks, long lastMs) {}

  /** A clock the test moves. */
  static final class ManualClock extends Clock {
    private volatile Instant now;

    ManualClock(String time) {
      set(time);
    }

    void set(String time) {
      now = Instant.parse("2026-01-01T" + time + "Z");
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  public static class Visits {
    /** What the threading test records about each call of the state function. */
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    final Set<ClassLoader> loaders = ConcurrentHashMap.newKeySet();
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger maxInside = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();

    @StreamingTable
    public Dataset visits(PipelineContext ctx) {
      return ctx.readStream().format("json").schema("user STRING, t TIMESTAMP").load("/unused");
    }

    /** Counts each user's visits and reports the user once it has been idle for a minute (processing time). */
    @StreamingTable
    public Dataset idleUsers(PipelineContext ctx) {
      return ctx.readStream("visits")
          .groupByKey(Encoders.of(Visit.class), Visit::user, Encoders.STRING)
          .flatMapGroupsWithState((String user, Iterator<Visit> visits, GroupState<Long> state) -> {
            record(); // a slow, non-thread-safe function
            if (state.hasTimedOut()) {
              var idle = new Idle(user, state.get(), state.getCurrentProcessingTimeMs());
              state.remove();
              return List.of(idle).iterator();
            }
            long n = state.getOption().orElse(0L);
            while (visits.hasNext()) {
              visits.next();
              n++;
            }
            state.update(n);
            state.setTimeoutDuration("1 minute");
            return Collections.<Idle>emptyIterator();
          }, OutputMode.APPEND, Encoders.LONG, Encoders.of(Idle.class), GroupStateTimeout.ProcessingTimeTimeout());
    }

    /** Counts a user's clicks until 30 seconds of event time pass after its last click (watermark delay 10 s). */
    @StreamingTable
    public Dataset sessions(PipelineContext ctx) {
      return ctx.readStream("visits").withWatermark("t", "10 seconds")
          .groupByKey(Encoders.of(Visit.class), Visit::user, Encoders.STRING)
          .flatMapGroupsWithState((String user, Iterator<Visit> clicks, GroupState<Session> state) -> {
            if (state.hasTimedOut()) {
              var done = new UserCount(user, state.get().clicks());
              state.remove();
              return List.of(done).iterator();
            }
            Session s = state.getOption().orElse(new Session(0, 0));
            while (clicks.hasNext()) {
              Visit c = clicks.next();
              s = new Session(s.clicks() + 1, Math.max(s.lastMs(), c.t().toEpochMilli()));
            }
            state.update(s);
            state.setTimeoutTimestamp(s.lastMs() + 30_000);
            return List.<UserCount>of().iterator();
          }, OutputMode.APPEND, Encoders.of(Session.class), Encoders.of(UserCount.class),
              GroupStateTimeout.EventTimeTimeout());
    }

    private void record() {
      calls.incrementAndGet();
      threads.add(Thread.currentThread().getName());
      loaders.add(Thread.currentThread().getContextClassLoader());
      int now = inside.incrementAndGet();
      maxInside.accumulateAndGet(now, Math::max);
      try {
        Thread.sleep(5); // long enough for calls of other partitions to overlap if they ran in parallel
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inside.decrementAndGet();
      }
    }
  }

  private static Instant t(String time) {
    return Instant.parse("2026-01-01T" + time + "Z");
  }

  private static PipelineConfig config(String provider) {
    return PipelineConfig.parse("""
        pipeline:
          defaults:
            partitions: 4
            state-store: { provider: %s }
        """.formatted(provider), "t.yaml", Map.of());
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void theStateFunctionRunsOneCallAtATimeOnTheTablesThreadWithTheApplicationsClassLoader(String provider)
      throws Exception {
    var pipeline = new Visits();
    ClassLoader original = Thread.currentThread().getContextClassLoader();
    try (var application = new URLClassLoader(new URL[0], original);
        var driver = PipelineTestDriver.create(pipeline, config(provider)).clock(new ManualClock("12:00:00"))) {
      MemoryStream visits = driver.memoryStream("visits");
      // 12 users over 4 partitions: every partition has keys.
      var rows = new Row[12];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = Row.of("u" + i, t("12:00:00"));
      }
      visits.addBatch(rows);
      Thread.currentThread().setContextClassLoader(application); // as Spring Boot's launcher does on main
      try {
        driver.processAllAvailable();
      } finally {
        Thread.currentThread().setContextClassLoader(original);
      }

      assertThat(pipeline.calls.get()).isEqualTo(12);
      assertThat(pipeline.maxInside.get()).isEqualTo(1);
      assertThat(pipeline.threads).containsExactly("millrace-table");
      assertThat(pipeline.loaders).containsExactly(application);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void aProcessingTimeTimeoutFiresInABatchWithoutInputOnceTheClockIsPastIt(String provider) {
    var clock = new ManualClock("12:00:00");
    try (var driver = PipelineTestDriver.create(new Visits(), config(provider)).clock(clock)) {
      MemoryStream visits = driver.memoryStream("visits");
      visits.addBatch(Row.of("u1", t("11:00:00")), Row.of("u1", t("11:00:01")), Row.of("u2", t("11:00:02")));
      driver.processAllAvailable();
      // Batch 0 at 12:00:00.000: u1 (2 visits) and u2 (1) time out at 12:01:00.000.
      assertThat(driver.emitted("idle_users")).isEqualTo(Map.of(0L, List.of()));

      clock.set("12:00:59.999");
      driver.processAllAvailable();
      clock.set("12:01:00");
      driver.processAllAvailable();
      // Spark fires a timeout when it is strictly before the batch timestamp: not yet at 12:01:00.000.
      assertThat(driver.emitted("idle_users")).containsOnlyKeys(0L);

      driver.restart(); // the due time comes back from commits/0
      clock.set("12:01:00.001");
      driver.processAllAvailable();

      long firedAt = t("12:01:00.001").toEpochMilli();
      assertThat(driver.emitted("idle_users")).containsOnlyKeys(0L, 1L);
      assertThat(driver.emitted("idle_users").get(1L)).containsExactlyInAnyOrder(Row.of("u1", 2L, firedAt),
          Row.of("u2", 1L, firedAt));
      assertThat(driver.lastRun().table("idle_users").orElseThrow().stateKeys()).isZero();
      assertThat(new Checkpoint(driver.directory().resolve("storage/checkpoints/idle_users")).offsets().get(1L)
          .orElseThrow().timestampMicros()).isEqualTo(firedAt * 1000);

      clock.set("12:30:00"); // no timer is left: no more batches
      driver.processAllAvailable();
      assertThat(driver.emitted("idle_users")).containsOnlyKeys(0L, 1L);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void aReplayedTimeoutBatchUsesTheTimestampRecordedInItsOffsets(String provider) {
    var clock = new ManualClock("12:00:00");
    var crashed = new AtomicBoolean();
    try (var driver = PipelineTestDriver.create(new Visits(), config(provider)).clock(clock)) {
      MemoryStream visits = driver.memoryStream("visits");
      visits.addBatch(Row.of("u1", t("11:00:00")));
      driver.processAllAvailable();
      driver.restart();
      driver.faults((table, batch, at) -> {
        if (table.equals("idle_users") && batch == 1 && at == FaultInjector.Point.AFTER_OFFSETS
            && crashed.compareAndSet(false, true)) {
          throw new IllegalStateException("simulated crash");
        }
      });
      clock.set("12:01:30");
      try {
        driver.processAllAvailable();
      } catch (RuntimeException e) {
        assertThat(e).hasMessageContaining("simulated crash");
      }
      assertThat(crashed).isTrue();

      driver.restart();
      driver.faults(FaultInjector.NONE);
      clock.set("12:07:00"); // the replay must not see this time
      driver.processAllAvailable();

      assertThat(driver.emitted("idle_users")).containsOnlyKeys(0L, 1L);
      assertThat(driver.emitted("idle_users").get(1L))
          .containsExactly(Row.of("u1", 1L, t("12:01:30").toEpochMilli()));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void withAnEventTimeTimeoutRowsAtOrBelowTheWatermarkAreDroppedAndCountedAsLate(String provider) {
    try (var driver = PipelineTestDriver.create(new Visits(), config(provider))
        .clock(new ManualClock("12:00:00"))) {
      MemoryStream visits = driver.memoryStream("visits");
      visits.addBatch(Row.of("u1", t("12:00:00")), Row.of("u1", t("12:00:20")));
      driver.processAllAvailable();
      // u1: 2 clicks, last 12:00:20, times out at 12:00:50; the watermark is now 12:00:20 - 10 s = 12:00:10.

      visits.addBatch(Row.of("u1", t("12:00:05")), Row.of("u1", t("12:00:10")), Row.of("u1", t("12:00:11")));
      driver.processAllAvailable();
      // 12:00:05 and 12:00:10 are at or below the watermark 12:00:10: late, never seen by the function.
      assertThat(driver.lastRun().table("sessions").orElseThrow().lateRowsDropped()).isEqualTo(2);

      visits.addBatch(Row.of("u2", t("12:01:10")));
      driver.processAllAvailable();
      // The watermark becomes 12:01:00, past u1's timeout: its session has 3 clicks (2 + 12:00:11), not 5.
      assertThat(driver.table("sessions")).containsExactly(Row.of("u1", 3L));
      assertThat(driver.lastRun().table("sessions").orElseThrow().lateRowsDropped()).isZero();
      // Batch by batch (docs/arbitrary-state.md): 0 data, 1 no-data (watermark 12:00:10), 2 data (2 late),
      // 3 data (u2), 4 no-data (watermark 12:01:00) fires u1.
      assertThat(driver.emitted("sessions")).isEqualTo(Map.of(0L, List.of(), 1L, List.of(), 2L, List.of(),
          3L, List.of(), 4L, List.of(Row.of("u1", 3L))));
    }
  }
}
