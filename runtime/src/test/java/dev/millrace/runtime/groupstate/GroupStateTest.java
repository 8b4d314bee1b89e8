package dev.millrace.runtime.groupstate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.annotation.StreamingTable;
import dev.millrace.config.PipelineConfig;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.runtime.testing.MemoryStream;
import dev.millrace.runtime.testing.PipelineTestDriver;
import dev.millrace.streaming.GroupStateTimeout;
import dev.millrace.streaming.OutputMode;
import dev.millrace.types.Encoders;
import dev.millrace.types.Row;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Arbitrary state per key: mapGroupsWithState and flatMapGroupsWithState with an event-time timeout. */
class GroupStateTest {

  public record Click(String user, Instant t) {}

  public record UserCount(String user, long clicks) {}

  public record Session(long clicks, long lastMs) {}

  public static class Users {
    @StreamingTable
    public Dataset clicks(PipelineContext ctx) {
      return ctx.readStream().format("json").schema("user STRING, t TIMESTAMP").load("/unused");
    }

    @StreamingTable(outputMode = OutputMode.UPDATE)
    public Dataset runningCounts(PipelineContext ctx) {
      return ctx.readStream("clicks").select("user", "t")
          .groupByKey(Encoders.of(Click.class), Click::user, Encoders.STRING)
          .mapGroupsWithState((String user, Iterator<Click> clicks, dev.millrace.streaming.GroupState<Long> state) -> {
            long n = state.getOption().orElse(0L);
            while (clicks.hasNext()) {
              clicks.next();
              n++;
            }
            state.update(n);
            return new UserCount(user, n);
          }, Encoders.LONG, Encoders.of(UserCount.class), GroupStateTimeout.NoTimeout());
    }

    @StreamingTable(outputMode = OutputMode.APPEND)
    public Dataset sessions(PipelineContext ctx) {
      return ctx.readStream("clicks").select("user", "t").withWatermark("t", "10 seconds")
          .groupByKey(Encoders.of(Click.class), Click::user, Encoders.STRING)
          .flatMapGroupsWithState((String user, Iterator<Click> clicks,
              dev.millrace.streaming.GroupState<Session> state) -> {
            if (state.hasTimedOut()) {
              var done = new UserCount(user, state.get().clicks());
              state.remove();
              return List.of(done).iterator();
            }
            Session s = state.getOption().orElse(new Session(0, 0));
            while (clicks.hasNext()) {
              Click c = clicks.next();
              s = new Session(s.clicks() + 1, Math.max(s.lastMs(), c.t().toEpochMilli()));
            }
            state.update(s);
            state.setTimeoutTimestamp(s.lastMs() + 30_000);
            return List.<UserCount>of().iterator();
          }, OutputMode.APPEND, Encoders.of(Session.class), Encoders.of(UserCount.class),
              GroupStateTimeout.EventTimeTimeout());
    }
  }

  private static Instant t(String time) {
    return Instant.parse("2026-01-01T" + time + "Z");
  }

  private static PipelineConfig config(String provider) {
    return PipelineConfig.parse("""
        pipeline:
          defaults:
            partitions: 2
            state-store: { provider: %s }
        """.formatted(provider), "t.yaml", Map.of());
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void mapGroupsWithStateCallsTheFunctionOncePerKeyWithItsState(String provider) {
    try (var driver = PipelineTestDriver.create(new Users(), config(provider))) {
      MemoryStream clicks = driver.memoryStream("clicks");
      clicks.addBatch(Row.of("u1", t("12:00:00")), Row.of("u2", t("12:00:01")), Row.of("u1", t("12:00:02")));
      driver.processAllAvailable();
      driver.restart(); // the counts come back from the state store
      clicks.addBatch(Row.of("u1", t("12:00:03")));
      driver.processAllAvailable();

      assertThat(driver.emitted("running_counts").get(0L)).containsExactlyInAnyOrder(Row.of("u1", 2L),
          Row.of("u2", 1L));
      assertThat(driver.emitted("running_counts").get(1L)).containsExactly(Row.of("u1", 3L));
      // The output need not hold the key, so update mode appends each call's row: the table keeps the history.
      assertThat(driver.table("running_counts")).containsExactlyInAnyOrder(Row.of("u1", 2L), Row.of("u2", 1L),
          Row.of("u1", 3L));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void anEventTimeTimeoutFiresOnceTheWatermarkPassesIt(String provider) {
    try (var driver = PipelineTestDriver.create(new Users(), config(provider))) {
      MemoryStream clicks = driver.memoryStream("clicks");
      clicks.addBatch(Row.of("u1", t("12:00:00")), Row.of("u1", t("12:00:10")));
      driver.processAllAvailable();
      // u1 times out at 12:00:40; the watermark is 12:00:00.
      assertThat(driver.table("sessions")).isEmpty();

      clicks.addBatch(Row.of("u2", t("12:01:00")));
      driver.processAllAvailable();

      // The watermark 12:00:50 is past u1's timeout: its session is written and its state removed.
      assertThat(driver.table("sessions")).containsExactly(Row.of("u1", 2L));
      assertThat(driver.lastRun().table("sessions").orElseThrow().stateKeys()).isEqualTo(2); // u2 and its timeout
    }
  }
}
