package dev.millrace.example.ads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.config.PipelineConfig;
import dev.millrace.runtime.engine.TableProgress;
import dev.millrace.runtime.testing.MemoryStream;
import dev.millrace.runtime.testing.PipelineTestDriver;
import dev.millrace.types.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ad-attribution pipeline: stream-stream joins with a time bound, on hand-worked rows and on the generator's
 * data against its ground truth. The expected rows follow Spark's rules: a row is late when its event time is at
 * or below the previous batch's watermark (min over the two sides); a left row is evicted, and written with NULLs
 * if it never matched, once {@code impression_time + 1 hour < watermark}
 * ({@code StreamingJoinHelper.getStateValueWatermark}: the bound {@code click_time <= impression_time + 1 hour}
 * gives the state watermark {@code watermark - 1 hour - 1 ms}, and rows at or below it are evicted).
 */
class AdsPipelineTest {

  private static final Path ADS_YAML = Path.of("../config/ads.yaml");

  @TempDir
  Path dir;

  private static Instant t(String time) {
    return Instant.parse("2026-01-01T" + time + "Z");
  }

  private static Row impression(String id, String ad, String campaign, String user, String time) {
    return Row.of(id, ad, campaign, user, t(time));
  }

  private static Row click(String id, String ad, String user, String time) {
    return Row.of(id, ad, user, t(time));
  }

  /** A row of attributed_clicks. */
  private static Row attributed(Row click, Row impression) {
    return Row.of(click.get(0), impression.get(0), impression.get(1), impression.get(2), impression.get(3),
        impression.get(4), click.get(3));
  }

  /** A row of impression_outcomes; {@code click} null for an impression without one. */
  private static Row outcome(Row impression, Row click) {
    return Row.of(impression.get(0), impression.get(1), impression.get(2), impression.get(3), impression.get(4),
        click == null ? null : click.get(0), click == null ? null : click.get(3));
  }

  @Test
  void clicksAreAttributedWithinTheHourAndUnclickedImpressionsAreWrittenWhenTheWatermarkPassesTheHour() {
    PipelineConfig config = PipelineConfig.parse("""
        pipeline:
          name: ads
          configuration: { landing: /unused, join-watermark-delay: 5 minutes }
          defaults: { partitions: 2, state-store: { provider: memory } }
        """, "ads-test.yaml", Map.of());
    Row i1 = impression("i1", "a1", "c1", "u1", "10:00:00");
    Row i2 = impression("i2", "a2", "c1", "u2", "10:00:00");
    Row i3 = impression("i3", "a3", "c2", "u3", "10:10:00");
    Row i4 = impression("i4", "a4", "c2", "u4", "10:21:00");
    Row i5 = impression("i5", "a5", "c1", "u5", "11:15:00");
    Row i6 = impression("i6", "a6", "c2", "u6", "11:15:00.001");
    Row k0 = click("k0", "a2", "u2", "09:59:59");           // a second before i2: not attributed
    Row k1 = click("k1", "a1", "u1", "10:30:00");           // 30 minutes after i1
    Row k2 = click("k2", "a2", "u2", "11:00:00");           // exactly an hour after i2: BETWEEN includes it
    Row k3 = click("k3", "a4", "u4", "10:26:00");           // arrives a batch before its impression i4
    Row k4 = click("k4", "a3", "u3", "11:10:00.001");       // a millisecond past i3's hour: not attributed
    Row k5 = click("k5", "a5", "u5", "11:15:00");
    Row k6 = click("k6", "a6", "u6", "11:15:00.001");
    try (var driver = PipelineTestDriver.create(new Ads(), config)) {
      MemoryStream impressions = driver.memoryStream("raw_impressions");
      MemoryStream clicks = driver.memoryStream("raw_clicks");

      impressions.addBatch(i1, i2);
      clicks.addBatch(k0, k1);
      driver.processAllAvailable();
      // Watermark: min(10:00, 10:30) - 5 min = 09:55.
      assertThat(driver.table("attributed_clicks")).containsExactly(attributed(k1, i1));
      assertThat(driver.table("impression_outcomes")).containsExactly(outcome(i1, k1));

      impressions.addBatch(i3);
      clicks.addBatch(k2, k3);
      driver.processAllAvailable();
      // Watermark: min(10:10, 11:00) - 5 min = 10:05.
      assertThat(driver.table("attributed_clicks")).containsExactlyInAnyOrder(attributed(k1, i1),
          attributed(k2, i2));
      assertThat(driver.table("impression_outcomes")).containsExactlyInAnyOrder(outcome(i1, k1), outcome(i2, k2));

      impressions.addBatch(i4);
      clicks.addBatch(k4);
      driver.processAllAvailable();
      // i4 (10:21) is after the watermark 10:05 and finds k3 in the clicks' state. Watermark: min(10:21,
      // 11:10:00.001) - 5 min = 10:16.
      assertThat(driver.table("attributed_clicks")).containsExactlyInAnyOrder(attributed(k1, i1),
          attributed(k2, i2), attributed(k3, i4));
      assertThat(driver.table("impression_outcomes")).containsExactlyInAnyOrder(outcome(i1, k1), outcome(i2, k2),
          outcome(i4, k3));

      impressions.addBatch(i5);
      clicks.addBatch(k5);
      driver.processAllAvailable();
      // Watermark: min(11:15, 11:15) - 5 min = 11:10, exactly i3's 10:10 + 1 hour. Spark evicts i3 only once the
      // watermark is past that (its state watermark, watermark - 1 hour - 1 ms, must reach 10:10): no NULL row yet.
      assertThat(driver.table("impression_outcomes")).containsExactlyInAnyOrder(outcome(i1, k1), outcome(i2, k2),
          outcome(i4, k3), outcome(i5, k5));

      impressions.addBatch(i6);
      clicks.addBatch(k6);
      driver.processAllAvailable();
      // Watermark 11:10:00.001 > 11:10: i3 never got a click (k4 came a millisecond too late); its NULL row.
      assertThat(driver.table("impression_outcomes")).containsExactlyInAnyOrder(outcome(i1, k1), outcome(i2, k2),
          outcome(i4, k3), outcome(i5, k5), outcome(i6, k6), outcome(i3, null));
      assertThat(driver.table("attributed_clicks")).containsExactlyInAnyOrder(attributed(k1, i1),
          attributed(k2, i2), attributed(k3, i4), attributed(k5, i5), attributed(k6, i6));
      // c1: i1, i2, i5 all clicked; c2: i4 and i6 of i3, i4, i6.
      assertThat(driver.table("ctr_by_campaign")).containsExactlyInAnyOrder(Row.of("c1", 3L, 3L, 1.0),
          Row.of("c2", 3L, 2L, 0.6667));
    }
  }

  @Test
  void theGeneratedImpressionsAndClicksGiveTheGeneratorsAttribution() {
    Path landing = dir.resolve("landing");
    AdGenerator.Summary generated = new AdGenerator().impressions(3_000).users(150).span(Duration.ofHours(3))
        .files(5).seed(5).writeTo(landing);
    Duration delay = Duration.ofMinutes(5);

    PipelineConfig config = PipelineConfig.load(ADS_YAML, Map.of("landing", landing.toString()));
    try (var driver = PipelineTestDriver.create(new Ads(), config)) {
      driver.processAllAvailable();

      List<AdGenerator.Outcome> attributed = generated.attributed();
      assertThat(driver.table("attributed_clicks")).containsExactlyInAnyOrderElementsOf(attributed.stream()
          .map(o -> Row.of(o.click().clickId(), o.impression().impressionId(), o.impression().adId(),
              o.impression().campaignId(), o.impression().userId(), Instant.ofEpochMilli(o.impression().timeMs()),
              Instant.ofEpochMilli(o.click().timeMs()))).toList());

      List<AdGenerator.Outcome> outcomes = generated.outcomesBy(delay);
      assertThat(driver.table("impression_outcomes")).containsExactlyInAnyOrderElementsOf(outcomes.stream()
          .map(o -> Row.of(o.impression().impressionId(), o.impression().adId(), o.impression().campaignId(),
              o.impression().userId(), Instant.ofEpochMilli(o.impression().timeMs()),
              o.click() == null ? null : o.click().clickId(),
              o.click() == null ? null : Instant.ofEpochMilli(o.click().timeMs()))).toList());

      // Each side arrives at most 2 minutes out of order and the watermarks trail by 5: no row is late.
      for (String table : List.of("impressions", "clicks", "attributed_clicks", "impression_outcomes")) {
        assertThat(driver.lastRun().table(table).map(TableProgress::lateRowsDropped)).as(table).contains(0L);
      }
      long dropped = driver.lastRun().table("impressions").orElseThrow().duplicatesDropped()
          + driver.lastRun().table("clicks").orElseThrow().duplicatesDropped();
      assertThat(dropped).isEqualTo(generated.duplicates());

      // ctr_by_campaign over the outcomes, counted here from the ground truth.
      var perCampaign = new TreeMap<String, List<java.util.Set<String>>>();
      for (AdGenerator.Outcome o : outcomes) {
        var sets = perCampaign.computeIfAbsent(o.impression().campaignId(),
            c -> List.of(new java.util.HashSet<>(), new java.util.HashSet<>()));
        sets.get(0).add(o.impression().impressionId());
        if (o.click() != null) {
          sets.get(1).add(o.click().clickId());
        }
      }
      var expectedCtr = new ArrayList<Row>();
      perCampaign.forEach((campaign, sets) -> expectedCtr.add(Row.of(campaign, (long) sets.get(0).size(),
          (long) sets.get(1).size(), java.math.BigDecimal.valueOf(sets.get(1).size())
          .divide(java.math.BigDecimal.valueOf(sets.get(0).size()), 4, java.math.RoundingMode.HALF_UP)
          .doubleValue())));
      assertThat(driver.table("ctr_by_campaign")).containsExactlyInAnyOrderElementsOf(expectedCtr);
    }
  }

  @Test
  void theGeneratorsGroundTruthHasEveryCaseTheJoinMustHandle() {
    AdGenerator.Summary generated = new AdGenerator().impressions(3_000).users(150).span(Duration.ofHours(3))
        .files(5).seed(5).writeTo(dir.resolve("landing"));
    List<AdGenerator.Outcome> attributed = generated.attributed();
    List<AdGenerator.Outcome> outcomes = generated.outcomesBy(Duration.ofMinutes(5));

    // Clicks attributed to an impression, impressions never clicked (NULL rows), clicks attributed to no
    // impression (too late or stray), impressions still waiting at the end (neither matched nor past the hour).
    assertThat(attributed).isNotEmpty();
    assertThat(outcomes).filteredOn(o -> o.click() == null).isNotEmpty();
    var attributedClicks = new java.util.HashSet<AdGenerator.Click>();
    attributed.forEach(o -> attributedClicks.add(o.click()));
    assertThat(generated.clicks()).filteredOn(c -> !attributedClicks.contains(c)).isNotEmpty();
    var decided = new java.util.HashSet<AdGenerator.Impression>();
    outcomes.forEach(o -> decided.add(o.impression()));
    assertThat(generated.impressions()).filteredOn(i -> !decided.contains(i)).isNotEmpty();
    assertThat(generated.duplicates()).isPositive();
  }
}
