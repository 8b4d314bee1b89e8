package dev.millrace.benchmarks;

import static dev.millrace.dataset.Functions.col;
import static dev.millrace.dataset.Functions.count;
import static dev.millrace.dataset.Functions.sum;
import static dev.millrace.dataset.Functions.window;

import dev.millrace.annotation.Dedupe;
import dev.millrace.annotation.StreamingTable;
import dev.millrace.annotation.Watermark;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.streaming.OutputMode;

/**
 * The benchmark workload of issue 7: the clickstream pipeline of DESIGN §1 over the JSON files of the shared
 * generator ({@code benchmarks/gen_events.py}), every table a streaming table materialized in the warehouse.
 * <ul>
 *   <li>{@value #BRONZE}: the JSON lines of {@code ctx.conf("landing")}, two files per batch;</li>
 *   <li>{@value #SILVER}: watermark 10 seconds on {@code event_time}, then
 *       {@code dropDuplicatesWithinWatermark("event_id")};</li>
 *   <li>{@value #GOLD}: 1-minute tumbling windows per {@code user_id} with {@code count(*)} and
 *       {@code sum(amount)}, append mode (a window is written once the watermark, 10 seconds, passes its end).</li>
 * </ul>
 * Unlike the example application's pipeline, silver has no filter: every unique event reaches it, which is what the
 * correctness check ({@code benchmarks/expected.py}) counts.
 */
public class ClickstreamBenchmarkPipeline {

  public static final String BRONZE = "raw_events";
  public static final String SILVER = "events_clean";
  public static final String GOLD = "user_activity_1m";

  /** The generator's schema. */
  public static final String EVENT_SCHEMA =
      "event_id STRING, user_id STRING, event_time TIMESTAMP, page STRING, amount DOUBLE";

  @StreamingTable(comment = "The landed click events, two files per batch")
  public Dataset rawEvents(PipelineContext ctx) {
    return ctx.readStream().format("json")
        .schema(EVENT_SCHEMA)
        .option("maxFilesPerTrigger", 2)
        .load(ctx.conf("landing"));
  }

  @StreamingTable(comment = "Each event once: dropDuplicatesWithinWatermark(event_id), watermark 10 seconds")
  @Watermark(column = "event_time", delay = "10 seconds")
  @Dedupe(keys = "event_id")
  public Dataset eventsClean(PipelineContext ctx) {
    return ctx.readStream(BRONZE);
  }

  @StreamingTable(comment = "Events and revenue per user and minute, written once the watermark passes the window",
      outputMode = OutputMode.APPEND)
  @Watermark(column = "event_time", delay = "10 seconds")
  public Dataset userActivity1m(PipelineContext ctx) {
    return ctx.readStream(SILVER)
        .groupBy(window(col("event_time"), "1 minute"), col("user_id"))
        .agg(count().as("events"), sum(col("amount")).as("revenue"));
  }
}
