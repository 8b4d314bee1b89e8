package dev.millrace.example.ads;

import static dev.millrace.dataset.Functions.col;
import static dev.millrace.dataset.Functions.countDistinct;
import static dev.millrace.dataset.Functions.interval;
import static dev.millrace.dataset.Functions.round;

import dev.millrace.annotation.Dedupe;
import dev.millrace.annotation.MaterializedView;
import dev.millrace.annotation.Pipeline;
import dev.millrace.annotation.StreamingTable;
import dev.millrace.annotation.TableProperty;
import dev.millrace.annotation.Watermark;
import dev.millrace.dataset.Column;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;

/**
 * The ad-attribution pipeline: ad impressions and clicks land as JSON files in two directories (bronze), are
 * de-duplicated under watermarks (silver), and are joined stream to stream (gold). A click is attributed to an
 * impression of the same ad shown to the same user at most an hour before it; {@code attributed_clicks} is that
 * inner join, {@code impression_outcomes} the left outer join from impressions, which also writes each impression
 * that got no click within the hour, with NULL click columns, once the watermark shows none can come. The
 * materialized view {@code ctr_by_campaign} computes the click-through rate per campaign from the outcomes.
 * {@code config/ads.yaml} selects this class ({@code pipeline.name: ads}).
 */
@Pipeline(name = "ads")
public class Ads {

  /** The schema of the impression JSON lines. */
  public static final String IMPRESSION_SCHEMA =
      "impression_id STRING, ad_id STRING, campaign_id STRING, user_id STRING, impression_time TIMESTAMP";

  /** The schema of the click JSON lines. */
  public static final String CLICK_SCHEMA = "click_id STRING, ad_id STRING, user_id STRING, click_time TIMESTAMP";

  @StreamingTable(comment = "Ad impressions as they land", properties = @TableProperty(key = "quality", value = "bronze"))
  public Dataset rawImpressions(PipelineContext ctx) {
    return ctx.readStream().format("json").schema(IMPRESSION_SCHEMA).option("maxFilesPerTrigger", 1)
        .load(ctx.conf("landing") + "/impressions");
  }

  @StreamingTable(comment = "Ad clicks as they land", properties = @TableProperty(key = "quality", value = "bronze"))
  public Dataset rawClicks(PipelineContext ctx) {
    return ctx.readStream().format("json").schema(CLICK_SCHEMA).option("maxFilesPerTrigger", 1)
        .load(ctx.conf("landing") + "/clicks");
  }

  @StreamingTable(comment = "Impressions with an ad, a user and a time, each once",
      properties = @TableProperty(key = "quality", value = "silver"))
  @Watermark(column = "impression_time", delay = "5 minutes")
  @Dedupe(keys = "impression_id")
  public Dataset impressions(PipelineContext ctx) {
    return ctx.readStream("raw_impressions")
        .filter(col("ad_id").isNotNull().and(col("user_id").isNotNull()).and(col("impression_time").isNotNull()))
        .select("impression_id", "ad_id", "campaign_id", "user_id", "impression_time");
  }

  @StreamingTable(comment = "Clicks with an ad, a user and a time, each once",
      properties = @TableProperty(key = "quality", value = "silver"))
  @Watermark(column = "click_time", delay = "5 minutes")
  @Dedupe(keys = "click_id")
  public Dataset clicks(PipelineContext ctx) {
    return ctx.readStream("raw_clicks")
        .filter(col("ad_id").isNotNull().and(col("user_id").isNotNull()).and(col("click_time").isNotNull()))
        .select("click_id", "ad_id", "user_id", "click_time");
  }

  @StreamingTable(comment = "Each click with the impression it is attributed to: same ad and user, at most an hour "
      + "before the click", properties = @TableProperty(key = "quality", value = "gold"))
  public Dataset attributedClicks(PipelineContext ctx) {
    return clicksSide(ctx).join(impressionsSide(ctx), attribution(), "inner")
        .select("click_id", "impression_id", "ad_id", "campaign_id", "user_id", "impression_time", "click_time");
  }

  @StreamingTable(comment = "Each impression with its attributed clicks, or once with NULL click columns when no "
      + "click came within the hour", properties = @TableProperty(key = "quality", value = "gold"))
  public Dataset impressionOutcomes(PipelineContext ctx) {
    return impressionsSide(ctx).join(clicksSide(ctx), attribution(), "left")
        .select("impression_id", "ad_id", "campaign_id", "user_id", "impression_time", "click_id", "click_time");
  }

  @MaterializedView(comment = "Click-through rate per campaign over the impressions whose outcome is known")
  public Dataset ctrByCampaign(PipelineContext ctx) {
    return ctx.read("impression_outcomes")
        .groupBy(col("campaign_id"))
        .agg(countDistinct(col("impression_id")).as("impressions"), countDistinct(col("click_id")).as("clicks"))
        .withColumn("ctr", round(col("clicks").divide(col("impressions")), 4));
  }

  /**
   * The join condition, as Spark's documentation writes it for ad monetization: equal ads (and here users), and
   * {@code click_time BETWEEN impression_time AND impression_time + INTERVAL 1 HOUR}. With the watermarks of both
   * sides, the time range bounds how long each side's rows wait in the join's state.
   */
  static Column attribution() {
    return col("click_ad_id").equalTo(col("ad_id"))
        .and(col("click_user_id").equalTo(col("user_id")))
        .and(col("click_time").between(col("impression_time"), col("impression_time").plus(interval("1 hour"))));
  }

  /** The clicks stream with its watermark; its ad and user renamed so the join's output names each column once. */
  private static Dataset clicksSide(PipelineContext ctx) {
    return ctx.readStream("clicks").withWatermark("click_time", ctx.conf("join-watermark-delay", "5 minutes"))
        .select(col("click_id"), col("ad_id").as("click_ad_id"), col("user_id").as("click_user_id"),
            col("click_time"));
  }

  private static Dataset impressionsSide(PipelineContext ctx) {
    return ctx.readStream("impressions")
        .withWatermark("impression_time", ctx.conf("join-watermark-delay", "5 minutes"));
  }
}
