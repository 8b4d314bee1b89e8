package dev.millrace.example.ads;

import dev.millrace.example.generator.GeneratorCli;
import dev.millrace.example.generator.LandingFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToLongFunction;

/**
 * Writes JSON-lines ad impressions and clicks for the {@link Ads} pipeline into {@code <landing>/impressions} and
 * {@code <landing>/clicks}, and knows what the pipeline should make of them.
 *
 * <p>Impressions are spread uniformly over {@code span} (4 hours by default): a random user sees a random ad of one
 * of 4 campaigns. Campaign {@code c<k>} (k = 1..4) gets a click on {@code 3k}% of its impressions, 1 second to 55
 * minutes after it, by the same user; a tenth of those are clicked twice. Some clicks come too late (61 to 90
 * minutes after), and some are strays on ads the user was never shown. Each stream is written in arrival order
 * (each line up to {@code maxDisorder}, 2 minutes, after its event time) into {@code files} files, and a
 * {@code dupRate} share of the lines re-send one of the last 50. Deterministic for a seed.
 *
 * <p>The ground truth is computed from the written lines alone, by the definition: a click is attributed to every
 * impression of the same ad and user whose time is at most an hour before the click ({@link Summary#attributed()});
 * an impression without one is written with NULL click columns once the watermark is more than an hour past it
 * ({@link Summary#outcomesBy(Duration)}).
 */
public final class AdGenerator {

  /** An impression as written. */
  public record Impression(String impressionId, String adId, String campaignId, String userId, long timeMs) {}

  /** A click as written. */
  public record Click(String clickId, String adId, String userId, long timeMs) {}

  /** A row of {@code attributed_clicks} or {@code impression_outcomes}; {@code click} is null for no click. */
  public record Outcome(Impression impression, Click click) {}

  /** The attribution window. */
  public static final Duration WINDOW = Duration.ofHours(1);

  /**
   * What was written.
   *
   * @param impressionLines lines written to {@code impressions/}, re-sent ones included
   * @param clickLines lines written to {@code clicks/}, re-sent ones included
   */
  public record Summary(List<Impression> impressions, List<Click> clicks, long impressionLines, long clickLines,
      int files, Path landing) {

    /** Re-sent lines, of both streams. */
    public long duplicates() {
      return impressionLines - impressions.size() + clickLines - clicks.size();
    }

    /** Every (click, impression) pair of the same ad and user with impression time <= click time <= + 1 hour. */
    public List<Outcome> attributed() {
      var byAdAndUser = new HashMap<String, List<Impression>>();
      for (Impression i : impressions) {
        byAdAndUser.computeIfAbsent(i.adId() + "/" + i.userId(), k -> new ArrayList<>()).add(i);
      }
      var pairs = new ArrayList<Outcome>();
      for (Click c : clicks) {
        for (Impression i : byAdAndUser.getOrDefault(c.adId() + "/" + c.userId(), List.of())) {
          if (i.timeMs() <= c.timeMs() && c.timeMs() <= i.timeMs() + WINDOW.toMillis()) {
            pairs.add(new Outcome(i, c));
          }
        }
      }
      return pairs;
    }

    /**
     * The watermark of a table joining both streams once it has read everything: the smaller of the two sides'
     * {@code max event time - delay} (Spark's default policy, min).
     */
    public long finalWatermarkMs(Duration delay) {
      ToLongFunction<List<Long>> max = times -> times.stream().mapToLong(Long::longValue).max().orElseThrow();
      return Math.min(max.applyAsLong(impressions.stream().map(Impression::timeMs).toList()),
          max.applyAsLong(clicks.stream().map(Click::timeMs).toList())) - delay.toMillis();
    }

    /**
     * The rows of {@code impression_outcomes} after everything was read with watermark delay {@code delay}: every
     * attributed pair, and each impression without one whose time plus the hour is before the final watermark
     * (Spark evicts a left row when {@code impression_time + 1 hour < watermark}; until then a click could still
     * come).
     */
    public List<Outcome> outcomesBy(Duration delay) {
      long watermark = finalWatermarkMs(delay);
      List<Outcome> pairs = attributed();
      var clicked = new java.util.HashSet<Impression>();
      pairs.forEach(p -> clicked.add(p.impression()));
      var rows = new ArrayList<>(pairs);
      for (Impression i : impressions) {
        if (!clicked.contains(i) && i.timeMs() + WINDOW.toMillis() < watermark) {
          rows.add(new Outcome(i, null));
        }
      }
      return rows;
    }

    @Override
    public String toString() {
      return "impressions=" + impressions.size() + " clicks=" + clicks.size() + " duplicates=" + duplicates()
          + " files=" + files + " per stream, in " + landing;
    }
  }

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private int impressions = 6_000;
  private int users = 400;
  private int adsPerCampaign = 5;
  private Duration span = Duration.ofHours(4);
  private Duration maxDisorder = Duration.ofMinutes(2);
  private double dupRate = 0.01;
  private int files = 4;
  private long seed = 17;
  private Instant start = Instant.parse("2026-01-01T00:00:00Z");

  public AdGenerator impressions(int impressions) {
    this.impressions = impressions;
    return this;
  }

  public AdGenerator users(int users) {
    this.users = users;
    return this;
  }

  public AdGenerator span(Duration span) {
    this.span = span;
    return this;
  }

  /** How long after its event time a line may arrive; keep it below the pipeline's watermark delays. */
  public AdGenerator maxDisorder(Duration maxDisorder) {
    this.maxDisorder = maxDisorder;
    return this;
  }

  public AdGenerator dupRate(double dupRate) {
    this.dupRate = dupRate;
    return this;
  }

  public AdGenerator files(int files) {
    this.files = files;
    return this;
  }

  public AdGenerator seed(long seed) {
    this.seed = seed;
    return this;
  }

  public AdGenerator start(Instant start) {
    this.start = start;
    return this;
  }

  /** Writes {@code landing/impressions} and {@code landing/clicks} (created if missing). */
  public Summary writeTo(Path landing) {
    var rnd = new SplittableRandom(seed);
    long startMs = start.toEpochMilli();
    var shown = new ArrayList<Impression>();
    var clicked = new ArrayList<Click>();
    for (int n = 0; n < impressions; n++) {
      int campaign = 1 + rnd.nextInt(4);
      String ad = "ad-" + campaign + "-" + (1 + rnd.nextInt(adsPerCampaign));
      String user = String.format(Locale.ROOT, "user-%04d", rnd.nextInt(users));
      long t = startMs + rnd.nextLong(span.toMillis());
      shown.add(new Impression("imp-" + n, ad, "c" + campaign, user, t));
      if (rnd.nextDouble() < 0.03 * campaign) {
        long at = t + 1_000 + rnd.nextLong(Duration.ofMinutes(55).toMillis());
        clicked.add(new Click("clk-" + clicked.size(), ad, user, at));
        if (rnd.nextDouble() < 0.1) {
          clicked.add(new Click("clk-" + clicked.size(), ad, user, at + 1_000 + rnd.nextLong(30_000)));
        }
      } else if (rnd.nextDouble() < 0.01) {
        long late = t + Duration.ofMinutes(61).toMillis() + rnd.nextLong(Duration.ofMinutes(29).toMillis());
        clicked.add(new Click("clk-" + clicked.size(), ad, user, late));
      }
      if (rnd.nextDouble() < 0.01) {
        String strayAd = "ad-" + (1 + rnd.nextInt(4)) + "-" + (1 + rnd.nextInt(adsPerCampaign));
        String strayUser = String.format(Locale.ROOT, "user-%04d", rnd.nextInt(users));
        clicked.add(new Click("clk-" + clicked.size(), strayAd, strayUser, startMs + rnd.nextLong(span.toMillis())));
      }
    }
    List<String> impressionLines = LandingFiles.inArrivalOrder(shown, Impression::timeMs, AdGenerator::json,
        maxDisorder.toMillis(), dupRate, rnd);
    List<String> clickLines = LandingFiles.inArrivalOrder(clicked, Click::timeMs, AdGenerator::json,
        maxDisorder.toMillis(), dupRate, rnd);
    LandingFiles.write(landing.resolve("impressions"), impressionLines, files);
    LandingFiles.write(landing.resolve("clicks"), clickLines, files);
    return new Summary(List.copyOf(shown), List.copyOf(clicked), impressionLines.size(), clickLines.size(), files,
        landing);
  }

  private static String json(Impression i) {
    return String.format(Locale.ROOT,
        "{\"impression_id\":\"%s\",\"ad_id\":\"%s\",\"campaign_id\":\"%s\",\"user_id\":\"%s\","
            + "\"impression_time\":\"%s\"}",
        i.impressionId(), i.adId(), i.campaignId(), i.userId(), ISO_MILLIS.format(Instant.ofEpochMilli(i.timeMs())));
  }

  private static String json(Click c) {
    return String.format(Locale.ROOT,
        "{\"click_id\":\"%s\",\"ad_id\":\"%s\",\"user_id\":\"%s\",\"click_time\":\"%s\"}",
        c.clickId(), c.adId(), c.userId(), ISO_MILLIS.format(Instant.ofEpochMilli(c.timeMs())));
  }

  /** {@code --impressions N --users N --hours N --files N --dup-rate R --seed N --out DIR} (the landing root). */
  public static void main(String[] args) {
    var g = new AdGenerator();
    GeneratorCli.run(args, Map.ofEntries(
        Map.entry("--impressions", v -> g.impressions(Integer.parseInt(v))),
        Map.entry("--users", v -> g.users(Integer.parseInt(v))),
        Map.entry("--hours", v -> g.span(Duration.ofHours(Long.parseLong(v)))),
        Map.entry("--files", v -> g.files(Integer.parseInt(v))),
        Map.entry("--dup-rate", v -> g.dupRate(Double.parseDouble(v))),
        Map.entry("--seed", v -> g.seed(Long.parseLong(v)))),
        g::writeTo);
  }

}
