package dev.millrace.example.clickstream;

import static dev.millrace.dataset.Functions.col;
import static dev.millrace.dataset.Functions.count;
import static dev.millrace.dataset.Functions.sum;
import static dev.millrace.dataset.Functions.window;

import dev.millrace.annotation.Dedupe;
import dev.millrace.annotation.MaterializedView;
import dev.millrace.annotation.Pipeline;
import dev.millrace.annotation.StreamingTable;
import dev.millrace.annotation.TableProperty;
import dev.millrace.annotation.Watermark;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.streaming.OutputMode;

/**
 * The clickstream pipeline: raw click events land as JSON files (bronze), are cleaned and de-duplicated (silver),
 * and are aggregated per user and minute (gold); materialized views count views per page and what landed.
 * {@code config/clickstream.yaml} (whose {@code pipeline.name} selects this class) overrides the silver and gold
 * watermarks and silver's dedupe keys.
 */
@Pipeline(name = "clickstream")
public class Clickstream {

  /** The event schema of the landing zone's JSON lines. */
  public static final String EVENT_SCHEMA =
      "event_id STRING, user_id STRING, event_time TIMESTAMP, page STRING, amount DOUBLE";

  @StreamingTable(comment = "Raw clicks from the landing zone",
      properties = @TableProperty(key = "quality", value = "bronze"))
  public Dataset rawEvents(PipelineContext ctx) {
    return ctx.readStream().format("json")
        .schema(EVENT_SCHEMA)
        .option("maxFilesPerTrigger", 2)
        .load(ctx.conf("landing") + "/events");
  }

  @StreamingTable(comment = "Clicks with a positive amount, each event once",
      properties = @TableProperty(key = "quality", value = "silver"))
  @Watermark(column = "event_time", delay = "10 seconds")
  @Dedupe(keys = "event_id")
  public Dataset eventsClean(PipelineContext ctx) {
    return ctx.readStream("raw_events").filter(col("amount").gt(0));
  }

  @StreamingTable(comment = "Events and revenue per user and minute, final once the watermark passes",
      outputMode = OutputMode.APPEND, properties = @TableProperty(key = "quality", value = "gold"))
  @Watermark(column = "event_time", delay = "10 seconds")
  public Dataset userActivity1m(PipelineContext ctx) {
    return ctx.readStream("events_clean")
        .groupBy(window(col("event_time"), "1 minute"), col("user_id"))
        .agg(count().as("events"), sum(col("amount")).as("revenue"));
  }

  @MaterializedView(comment = "Rows landed per page, and how many of them were malformed (kept in _corrupt_record)")
  public Dataset landingStats(PipelineContext ctx) {
    return ctx.read("raw_events")
        .groupBy(col("page"))
        .agg(count().as("rows"), count(col("_corrupt_record")).as("malformed"), sum(col("amount")).as("amount"));
  }

  @MaterializedView(comment = "Views per page")
  public Dataset pageViews(PipelineContext ctx) {
    return ctx.read("events_clean").groupBy(col("page")).agg(count().as("views"));
  }
}
