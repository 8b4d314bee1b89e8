package dev.millrace.example.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.config.PipelineConfig;
import dev.millrace.runtime.engine.TableProgress;
import dev.millrace.runtime.testing.MemoryStream;
import dev.millrace.runtime.testing.PipelineTestDriver;
import dev.millrace.types.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sessionization pipeline, on hand-worked views and on the generator's data against its ground truth. */
class SessionsPipelineTest {

  /** The repository's configuration; surefire runs in the module directory. */
  private static final Path SESSIONS_YAML = Path.of("../config/sessions.yaml");

  @TempDir
  Path dir;

  private static Instant t(String time) {
    return Instant.parse("2026-01-01T" + time + "Z");
  }

  private static Row view(String id, String user, String time, double revenue) {
    return Row.of(id, user, t(time), "/home", revenue);
  }

  private static Row session(String user, String start, String end, long views, double revenue) {
    long seconds = Duration.between(t(start), t(end)).toSeconds();
    return Row.of(user, t(start), t(end), views, seconds, revenue);
  }

  @Test
  void aSessionIsWrittenOnceTheWatermarkIsPastItsLastViewPlusTheGap() {
    // The repository's file with a 20-minute watermark, so that a view can arrive 15 minutes late and bridge two
    // sessions of the same user.
    PipelineConfig config = PipelineConfig.parse("""
        pipeline:
          name: sessions
          configuration: { landing: /unused, session-gap: 30 minutes }
          defaults: { partitions: 2, state-store: { provider: memory } }
        tables:
          page_views: { watermark: { delay: 20 minutes } }
          user_sessions: { watermark: { delay: 20 minutes } }
        """, "sessions-test.yaml", Map.of());
    try (var driver = PipelineTestDriver.create(new Sessions(), config)) {
      MemoryStream views = driver.memoryStream("raw_page_views");

      views.addBatch(view("v1", "a", "10:00:00", 0), view("v2", "a", "10:40:00", 10.50), view("v3", "b", "10:05:00", 0));
      driver.processAllAvailable();
      // a has two open sessions, 40 minutes apart; the watermark is 10:40 - 20 min = 10:20.
      assertThat(driver.table("user_sessions")).isEmpty();

      views.addBatch(view("v4", "a", "10:25:00", 0), view("v2", "a", "10:40:00", 10.50),
          view("v7", "a", "10:15:00", 0));
      driver.processAllAvailable();
      // 10:25 is after the watermark 10:20 and within 30 minutes of both: a's sessions become one, 10:00-10:40.
      // v2 again is a duplicate; v7 at 10:15 is at or below the watermark: late. page_views drops both. The
      // watermark stays 10:20: nothing closes.
      assertThat(driver.table("user_sessions")).isEmpty();
      TableProgress silver = driver.lastRun().table("page_views").orElseThrow();
      assertThat(silver.duplicatesDropped()).isEqualTo(1);
      assertThat(silver.lateRowsDropped()).isEqualTo(1);

      views.addBatch(view("v5", "b", "11:30:00", 0));
      driver.processAllAvailable();
      // The watermark becomes 11:10. b's 11:30 view is 85 minutes after its 10:05 one: a new session; the old one
      // (10:05 + 30 min = 10:35 < 11:10) is written. a's session ends at 10:40 + 30 min = 11:10, which is not
      // strictly before the watermark: still open, as Spark fires a timeout only when it is before the watermark.
      assertThat(driver.table("user_sessions")).containsExactly(session("b", "10:05:00", "10:05:00", 1, 0.0));

      views.addBatch(view("v6", "c", "11:31:00", 0));
      driver.processAllAvailable();
      // The watermark 11:11 passes 11:10: a's session, 3 views over 40 minutes with 10.50 of revenue, is written.
      assertThat(driver.table("user_sessions")).containsExactly(session("b", "10:05:00", "10:05:00", 1, 0.0),
          session("a", "10:00:00", "10:40:00", 3, 10.50));
    }
  }

  @Test
  void theGeneratedPageViewsGiveTheGeneratorsSessions() {
    Path landing = dir.resolve("landing");
    SessionGenerator.Summary generated = new SessionGenerator().users(80).span(Duration.ofHours(4)).files(5)
        .seed(11).writeTo(landing.resolve("page_views"));
    // The generator spaces a user's visits more than the gap apart: each is one session.
    assertThat(generated.sessions()).hasSize((int) generated.visits());
    List<SessionGenerator.Session> closed = generated.closedBy(Duration.ofMinutes(30), Duration.ofMinutes(5));
    assertThat(closed).hasSizeBetween(generated.sessions().size() - 80, generated.sessions().size() - 1);

    PipelineConfig config = PipelineConfig.load(SESSIONS_YAML, Map.of("landing", landing.toString()));
    try (var driver = PipelineTestDriver.create(new Sessions(), config)) {
      driver.processAllAvailable();

      List<Row> expected = closed.stream().map(s -> Row.of(s.userId(), Instant.ofEpochMilli(s.startMs()),
          Instant.ofEpochMilli(s.endMs()), s.pageViews(), (s.endMs() - s.startMs()) / 1000,
          s.revenueCents() / 100.0)).toList();
      assertThat(driver.table("user_sessions")).containsExactlyInAnyOrderElementsOf(expected);

      assertThat(driver.table("raw_page_views")).hasSize((int) generated.lines());
      assertThat(driver.table("page_views")).hasSize((int) generated.views());
      TableProgress silver = driver.lastRun().table("page_views").orElseThrow();
      // A re-sent line is dropped as a duplicate, or as late when the watermark passed it meanwhile.
      assertThat(silver.duplicatesDropped() + silver.lateRowsDropped()).isEqualTo(generated.duplicates());
      // Views arrive at most 2 minutes out of order and the watermark trails by 5: none is late.
      assertThat(driver.lastRun().table("user_sessions").orElseThrow().lateRowsDropped()).isZero();

      // sessions_per_hour: sessions, views and revenue by the hour the session started.
      var byHour = new TreeMap<Instant, long[]>();
      for (SessionGenerator.Session s : closed) {
        long[] acc = byHour.computeIfAbsent(Instant.ofEpochMilli(s.startMs()).truncatedTo(ChronoUnit.HOURS),
            h -> new long[3]);
        acc[0]++;
        acc[1] += s.pageViews();
        acc[2] += s.revenueCents();
      }
      List<Row> expectedHours = byHour.entrySet().stream().map(e -> Row.of(
          Row.of(e.getKey(), e.getKey().plus(Duration.ofHours(1))), e.getValue()[0], e.getValue()[1],
          e.getValue()[2] / 100.0)).toList();
      assertThat(driver.table("sessions_per_hour")).containsExactlyInAnyOrderElementsOf(expectedHours);
    }
  }
}
