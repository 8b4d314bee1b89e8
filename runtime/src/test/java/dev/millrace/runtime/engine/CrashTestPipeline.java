package dev.millrace.runtime.engine;

import static dev.millrace.dataset.Functions.col;
import static dev.millrace.dataset.Functions.count;
import static dev.millrace.dataset.Functions.max;
import static dev.millrace.dataset.Functions.round;
import static dev.millrace.dataset.Functions.sum;

import dev.millrace.annotation.MaterializedView;
import dev.millrace.annotation.Pipeline;
import dev.millrace.annotation.StreamingTable;
import dev.millrace.config.PipelineConfig;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.graph.GraphBuilder;
import dev.millrace.graph.PipelineGraph;
import dev.millrace.types.Encoders;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The pipeline of the crash tests, made of what the engine runs today: a JSON file source (bronze, with
 * {@code maxFilesPerTrigger}), a stateless streaming table over it (silver: filter, withColumn, select, map) and a
 * materialized view aggregating silver (gold).
 *
 * <p>Configuration entries: {@code landing} (the source directory), {@code maxFilesPerTrigger}, and
 * {@code pauseMicros}, a pause per silver row that makes a run last long enough to be killed in the middle.
 */
@Pipeline
public class CrashTestPipeline {

  static final String BRONZE = "raw_clicks";
  static final String SILVER = "clean_clicks";
  static final String GOLD = "page_totals";

  static final String EVENT_SCHEMA = "event_id STRING, user_id STRING, event_time TIMESTAMP, page STRING, amount DOUBLE";

  /** A silver row, as the map function writes it. */
  public record CleanClick(String event_id, String user_id, Instant event_time, String page, long amount_cents,
      String event_id_upper) {}

  @StreamingTable(comment = "Raw clicks, one batch per maxFilesPerTrigger files")
  public Dataset rawClicks(PipelineContext ctx) {
    return ctx.readStream().format("json")
        .schema(EVENT_SCHEMA)
        .option("maxFilesPerTrigger", Long.parseLong(ctx.conf("maxFilesPerTrigger")))
        .load(ctx.conf("landing"));
  }

  @StreamingTable(comment = "Clicks with a positive amount, in cents")
  public Dataset cleanClicks(PipelineContext ctx) {
    long pauseNanos = Long.parseLong(ctx.conf("pauseMicros")) * 1000;
    return ctx.readStream(BRONZE)
        .filter(col("amount").gt(0).and(col("event_id").isNotNull()))
        .withColumn("amount_cents", round(col("amount").multiply(100), 0).cast("long"))
        .select(col("event_id"), col("user_id"), col("event_time"), col("page"), col("amount_cents"))
        .map(row -> {
          if (pauseNanos > 0) {
            LockSupport.parkNanos(pauseNanos);
          }
          return new CleanClick(row.getString(0), row.getString(1), row.getTimestamp(2), row.getString(3),
              row.getLong(4), row.getString(0).toUpperCase(java.util.Locale.ROOT));
        }, Encoders.of(CleanClick.class));
  }

  @MaterializedView(comment = "Clicks and cents per page")
  public Dataset pageTotals(PipelineContext ctx) {
    return ctx.read(SILVER)
        .groupBy(col("page"))
        .agg(count().as("clicks"), sum(col("amount_cents")).as("cents"), max(col("event_time")).as("last_click"));
  }

  /** The validated graph over {@code landing}. */
  static PipelineGraph graph(Path landing, int maxFilesPerTrigger, long pauseMicros) {
    var config = PipelineConfig.defaults(Map.of("landing", landing.toString(),
        "maxFilesPerTrigger", Integer.toString(maxFilesPerTrigger), "pauseMicros", Long.toString(pauseMicros)));
    return GraphBuilder.create(config).add(new CrashTestPipeline()).build();
  }
}
