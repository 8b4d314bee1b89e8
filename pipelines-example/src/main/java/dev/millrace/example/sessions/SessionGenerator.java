package dev.millrace.example.sessions;

import dev.millrace.example.generator.GeneratorCli;
import dev.millrace.example.generator.LandingFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes JSON-lines page views for the {@link Sessions} pipeline into a landing directory, and knows what the
 * pipeline should make of them.
 *
 * <p>Each user browses in visits: a visit is 1 to 20 page views, 5 seconds to 10 minutes apart; between two visits
 * of a user there are more than {@code gap} (30 minutes by default) of event time, so each visit is one session.
 * Pages are a product catalogue, search, cart and checkout; a checkout view carries revenue. The views of all users
 * are written in arrival order: each view arrives up to {@code maxDisorder} (2 minutes) after its event time, so
 * the stream is out of order, but never by more than that. A {@code dupRate} share of the lines re-send one of the
 * last 50 lines. Files appear atomically (written to {@code .tmp}, then renamed). Deterministic for a seed.
 *
 * <p>{@link Summary#sessions()} is the ground truth, computed from the written views alone in the plainest way:
 * each user's distinct views sorted by time, split where two consecutive views are more than {@code gap} apart.
 */
public final class SessionGenerator {

  /** One page view as written. */
  public record PageView(String eventId, String userId, long timeMs, String page, long revenueCents) {}

  /** A session of the ground truth. */
  public record Session(String userId, long startMs, long endMs, long pageViews, long revenueCents) {}

  /**
   * What was written.
   *
   * @param lines lines written, re-sent ones included
   * @param views distinct page views
   * @param duplicates re-sent lines
   * @param visits visits generated (each should be one session)
   * @param maxEventTimeMs the latest event time written
   * @param sessions the ground truth: every user's sessions, by user then start
   */
  public record Summary(long lines, long views, long duplicates, long visits, int files, long maxEventTimeMs,
      List<Session> sessions, Path out) {

    /**
     * The sessions the pipeline emits once it has read everything: those whose last view is more than
     * {@code gap} before the final watermark ({@code maxEventTime - watermarkDelay}), since a view inside the gap
     * could still arrive for the others.
     */
    public List<Session> closedBy(Duration gap, Duration watermarkDelay) {
      long watermark = maxEventTimeMs - watermarkDelay.toMillis();
      return sessions.stream().filter(s -> s.endMs() + gap.toMillis() < watermark).toList();
    }

    @Override
    public String toString() {
      return "page views=" + views + " lines=" + lines + " duplicates=" + duplicates + " users' visits=" + visits
          + " files=" + files + " out=" + out;
    }
  }

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private static final String[] PAGES = {"/home", "/search", "/product/1", "/product/2", "/product/3",
      "/product/4", "/product/5", "/product/6", "/cart", "/checkout"};

  private int users = 300;
  private Duration span = Duration.ofHours(6);
  private Duration gap = Duration.ofMinutes(30);
  private Duration maxDisorder = Duration.ofMinutes(2);
  private double dupRate = 0.02;
  private int files = 4;
  private long seed = 7;
  private Instant start = Instant.parse("2026-01-01T00:00:00Z");

  public SessionGenerator users(int users) {
    this.users = users;
    return this;
  }

  /** How long users keep starting visits after {@code start}. */
  public SessionGenerator span(Duration span) {
    this.span = span;
    return this;
  }

  /** The inactivity that ends a session; visits are generated further apart than this. */
  public SessionGenerator gap(Duration gap) {
    this.gap = gap;
    return this;
  }

  /** How long after its event time a view may arrive; keep it below the pipeline's watermark delay. */
  public SessionGenerator maxDisorder(Duration maxDisorder) {
    this.maxDisorder = maxDisorder;
    return this;
  }

  public SessionGenerator dupRate(double dupRate) {
    this.dupRate = dupRate;
    return this;
  }

  public SessionGenerator files(int files) {
    this.files = files;
    return this;
  }

  public SessionGenerator seed(long seed) {
    this.seed = seed;
    return this;
  }

  public SessionGenerator start(Instant start) {
    this.start = start;
    return this;
  }

  /** Writes the page views into {@code out} (created if missing). */
  public Summary writeTo(Path out) {
    var rnd = new SplittableRandom(seed);
    long startMs = start.toEpochMilli();
    long endMs = startMs + span.toMillis();
    long gapMs = gap.toMillis();
    var views = new ArrayList<PageView>();
    long visits = 0;
    for (int u = 0; u < users; u++) {
      String user = String.format(Locale.ROOT, "user-%04d", u);
      long t = startMs + rnd.nextLong(Duration.ofHours(1).toMillis());
      while (t < endMs) {
        visits++;
        int pages = 1 + rnd.nextInt(20);
        for (int p = 0; p < pages; p++) {
          if (p > 0) {
            t += 5_000 + rnd.nextLong(10 * 60_000 - 5_000 + 1);
          }
          String page = PAGES[rnd.nextInt(PAGES.length)];
          long cents = page.equals("/checkout") ? 500 + rnd.nextLong(30_000) : 0;
          views.add(new PageView("pv-" + views.size(), user, t, page, cents));
        }
        t += gapMs + 60_000 + rnd.nextLong(Duration.ofHours(3).toMillis());
      }
    }
    List<String> lines = LandingFiles.inArrivalOrder(views, PageView::timeMs, SessionGenerator::json,
        maxDisorder.toMillis(), dupRate, rnd);
    LandingFiles.write(out, lines, files);
    long dups = lines.size() - views.size();
    long maxTime = views.stream().mapToLong(PageView::timeMs).max().orElse(startMs);
    return new Summary(lines.size(), views.size(), dups, visits, files, maxTime, sessionsOf(views, gapMs), out);
  }

  /** The ground truth: per user, distinct views by time, split where consecutive views are more than gap apart. */
  static List<Session> sessionsOf(List<PageView> written, long gapMs) {
    var byUser = new java.util.TreeMap<String, List<PageView>>();
    var seen = new HashSet<String>();
    for (PageView v : written) {
      if (seen.add(v.eventId())) {
        byUser.computeIfAbsent(v.userId(), u -> new ArrayList<>()).add(v);
      }
    }
    var sessions = new ArrayList<Session>();
    for (Map.Entry<String, List<PageView>> e : byUser.entrySet()) {
      List<PageView> vs = new ArrayList<>(e.getValue());
      vs.sort(Comparator.comparingLong(PageView::timeMs));
      Session current = null;
      for (PageView v : vs) {
        if (current != null && v.timeMs() - current.endMs() <= gapMs) {
          current = new Session(current.userId(), current.startMs(), v.timeMs(), current.pageViews() + 1,
              current.revenueCents() + v.revenueCents());
        } else {
          if (current != null) {
            sessions.add(current);
          }
          current = new Session(e.getKey(), v.timeMs(), v.timeMs(), 1, v.revenueCents());
        }
      }
      if (current != null) {
        sessions.add(current);
      }
    }
    return sessions;
  }

  private static String json(PageView v) {
    return String.format(Locale.ROOT,
        "{\"event_id\":\"%s\",\"user_id\":\"%s\",\"event_time\":\"%s\",\"page\":\"%s\",\"revenue\":%d.%02d}",
        v.eventId(), v.userId(), ISO_MILLIS.format(Instant.ofEpochMilli(v.timeMs())), v.page(),
        v.revenueCents() / 100, v.revenueCents() % 100);
  }

  /** {@code --users N --hours N --files N --dup-rate R --seed N --out DIR}. */
  public static void main(String[] args) {
    var g = new SessionGenerator();
    GeneratorCli.run(args, Map.ofEntries(
        Map.entry("--users", v -> g.users(Integer.parseInt(v))),
        Map.entry("--hours", v -> g.span(Duration.ofHours(Long.parseLong(v)))),
        Map.entry("--files", v -> g.files(Integer.parseInt(v))),
        Map.entry("--dup-rate", v -> g.dupRate(Double.parseDouble(v))),
        Map.entry("--seed", v -> g.seed(Long.parseLong(v)))),
        g::writeTo);
  }

}
