package dev.millrace.example.sessions;

import static dev.millrace.dataset.Functions.col;
import static dev.millrace.dataset.Functions.count;
import static dev.millrace.dataset.Functions.round;
import static dev.millrace.dataset.Functions.sum;
import static dev.millrace.dataset.Functions.window;

import dev.millrace.annotation.Dedupe;
import dev.millrace.annotation.MaterializedView;
import dev.millrace.annotation.Pipeline;
import dev.millrace.annotation.StreamingTable;
import dev.millrace.annotation.TableProperty;
import dev.millrace.annotation.Watermark;
import dev.millrace.config.Durations;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.streaming.GroupState;
import dev.millrace.streaming.GroupStateTimeout;
import dev.millrace.streaming.OutputMode;
import dev.millrace.types.Encoders;
import dev.millrace.types.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * The sessionization pipeline: page views land as JSON files (bronze), are de-duplicated under a watermark
 * (silver), and are cut into sessions per user with {@code flatMapGroupsWithState} and an event-time timeout (gold):
 * a session ends after {@code session-gap} (30 minutes by default) of event time without a view, and its summary
 * row is written once, when the watermark shows that no view can extend it any more. A materialized view counts
 * the sessions per hour. {@code config/sessions.yaml} selects this class ({@code pipeline.name: sessions}).
 */
@Pipeline(name = "sessions")
public class Sessions {

  /** The schema of the landing zone's JSON lines. */
  public static final String VIEW_SCHEMA =
      "event_id STRING, user_id STRING, event_time TIMESTAMP, page STRING, revenue DOUBLE";

  /**
   * A user's open sessions, ordered by start. More than one is open while the watermark is within the gap of an
   * earlier one: a late view between two of them may still join them into one.
   */
  public record OpenSessions(List<OpenSession> sessions) {}

  /** One open session: first and last view (ms), views, revenue in cents. */
  public record OpenSession(long startMs, long endMs, long pageViews, long revenueCents) {

    boolean reaches(long timeMs, long gapMs) {
      return timeMs >= startMs - gapMs && timeMs <= endMs + gapMs;
    }

    OpenSession merge(OpenSession other) {
      return new OpenSession(Math.min(startMs, other.startMs), Math.max(endMs, other.endMs),
          pageViews + other.pageViews, revenueCents + other.revenueCents);
    }
  }

  /** The row written for a finished session. */
  public record SessionSummary(String userId, Instant sessionStart, Instant sessionEnd, long pageViews,
      long durationSeconds, double revenue) {}

  @StreamingTable(comment = "Page views as they land", properties = @TableProperty(key = "quality", value = "bronze"))
  public Dataset rawPageViews(PipelineContext ctx) {
    return ctx.readStream().format("json")
        .schema(VIEW_SCHEMA)
        .option("maxFilesPerTrigger", 1)
        .load(ctx.conf("landing") + "/page_views");
  }

  @StreamingTable(comment = "Page views with a user and a time, each view once",
      properties = @TableProperty(key = "quality", value = "silver"))
  @Watermark(column = "event_time", delay = "5 minutes")
  @Dedupe(keys = "event_id")
  public Dataset pageViews(PipelineContext ctx) {
    return ctx.readStream("raw_page_views")
        .filter(col("user_id").isNotNull().and(col("event_time").isNotNull()))
        .select("event_id", "user_id", "event_time", "page", "revenue");
  }

  @StreamingTable(comment = "One row per finished session: no view of the user for session-gap of event time",
      outputMode = OutputMode.APPEND, properties = @TableProperty(key = "quality", value = "gold"))
  @Watermark(column = "event_time", delay = "5 minutes")
  public Dataset userSessions(PipelineContext ctx) {
    long gapMs = Durations.parse(ctx.conf("session-gap", "30 minutes")).toMillis();
    return ctx.readStream("page_views")
        .groupByKey((Row view) -> view.<String>getAs("user_id"), Encoders.STRING)
        .flatMapGroupsWithState((String user, Iterator<Row> views, GroupState<OpenSessions> state) ->
                updateSessions(user, views, state, gapMs),
            OutputMode.APPEND, Encoders.of(OpenSessions.class), Encoders.of(SessionSummary.class),
            GroupStateTimeout.EventTimeTimeout())
        .select(col("userId").as("user_id"), col("sessionStart").as("session_start"),
            col("sessionEnd").as("session_end"), col("pageViews").as("page_views"),
            col("durationSeconds").as("duration_seconds"), col("revenue"));
  }

  @MaterializedView(comment = "Finished sessions per hour of their start")
  public Dataset sessionsPerHour(PipelineContext ctx) {
    return ctx.read("user_sessions")
        .groupBy(window(col("session_start"), "1 hour"))
        .agg(count().as("sessions"), sum(col("page_views")).as("page_views"),
            round(sum(col("revenue")), 2).as("revenue"));
  }

  /**
   * The state function: adds the key's new views to its open sessions (a view within the gap of one or two
   * sessions joins them), then closes every session the watermark has passed by more than the gap, since no view
   * that can still arrive (event time after the watermark) could reach it. The timeout is set to the earliest
   * remaining session's end plus the gap, so the key is called again, without views, once the watermark passes
   * that. Called with no views when that timeout fires.
   */
  static Iterator<SessionSummary> updateSessions(String user, Iterator<Row> views, GroupState<OpenSessions> state,
      long gapMs) {
    var open = new ArrayList<OpenSession>(state.exists() ? state.get().sessions() : List.of());
    while (views.hasNext()) {
      Row view = views.next();
      long t = view.getTimestamp(view.fieldIndex("event_time")).toEpochMilli();
      Double revenue = view.getAs("revenue");
      var merged = new OpenSession(t, t, 1, revenue == null ? 0 : Math.round(revenue * 100));
      // Sessions are more than the gap apart, so a view reaches at most the one before and the one after it.
      for (Iterator<OpenSession> it = open.iterator(); it.hasNext(); ) {
        OpenSession s = it.next();
        if (s.reaches(t, gapMs)) {
          merged = merged.merge(s);
          it.remove();
        }
      }
      open.add(merged);
    }
    long watermark = state.getCurrentWatermarkMs();
    var finished = new ArrayList<SessionSummary>();
    open.sort(Comparator.comparingLong(OpenSession::startMs));
    for (Iterator<OpenSession> it = open.iterator(); it.hasNext(); ) {
      OpenSession s = it.next();
      if (s.endMs() + gapMs < watermark) {
        finished.add(new SessionSummary(user, Instant.ofEpochMilli(s.startMs()), Instant.ofEpochMilli(s.endMs()),
            s.pageViews(), (s.endMs() - s.startMs()) / 1000, s.revenueCents() / 100.0));
        it.remove();
      }
    }
    if (open.isEmpty()) {
      state.remove();
    } else {
      state.update(new OpenSessions(List.copyOf(open)));
      state.setTimeoutTimestamp(open.stream().mapToLong(OpenSession::endMs).min().orElseThrow() + gapMs);
    }
    return finished.iterator();
  }
}
