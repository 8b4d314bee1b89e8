package dev.millrace.runtime.engine;

import static dev.millrace.dataset.Functions.col;
import static dev.millrace.dataset.Functions.collectSet;
import static dev.millrace.dataset.Functions.count;
import static dev.millrace.dataset.Functions.countDistinct;
import static dev.millrace.dataset.Functions.max;
import static dev.millrace.dataset.Functions.min;
import static dev.millrace.dataset.Functions.round;
import static dev.millrace.dataset.Functions.sum;

import dev.millrace.annotation.Pipeline;
import dev.millrace.annotation.StreamingTable;
import dev.millrace.config.PipelineConfig;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.graph.GraphBuilder;
import dev.millrace.graph.PipelineGraph;
import dev.millrace.streaming.OutputMode;
import java.nio.file.Path;
import java.util.Map;

/**
 * The stateful tables of the crash tests: two running aggregations of the clicks with positive amounts, one in update
 * mode (per user: the table store upserts a user's row each batch that changes it) and one in complete mode (per
 * page: the table is replaced each batch), with their state in {@code partitions: 3} state stores that snapshot
 * every 2 versions and keep 3 ({@link #config}).
 *
 * <p>Configuration entry {@code aggregateInput}: {@code silver} reads {@link CrashTestPipeline}'s silver stream, which
 * gives one batch per pipeline run (a downstream table reads everything its upstream committed); {@code files} reads
 * the landing zone directly with the silver's filter and {@code aggregateFilesPerTrigger} files per batch, so one run makes many state versions
 * (snapshots, pruning, the working state reused between batches) and a kill can land between any two of them.
 */
@Pipeline
public class AggregationCrashPipeline {

  static final String UPDATES = "user_totals";
  static final String COMPLETE = "page_summary";
  static final int PARTITIONS = 3;
  static final int SNAPSHOT_INTERVAL = 2;
  static final int RETAIN_BATCHES = 3;

  /** The clicks the aggregations read: event_id, user_id, event_time, page, amount_cents. */
  private static Dataset clicks(PipelineContext ctx) {
    if (ctx.conf("aggregateInput").equals("silver")) {
      return ctx.readStream(CrashTestPipeline.SILVER);
    }
    return ctx.readStream().format("json")
        .schema(CrashTestPipeline.EVENT_SCHEMA)
        .option("maxFilesPerTrigger", Long.parseLong(ctx.conf("aggregateFilesPerTrigger")))
        .load(ctx.conf("landing"))
        .filter(col("amount").gt(0).and(col("event_id").isNotNull()))
        .withColumn("amount_cents", round(col("amount").multiply(100), 0).cast("long"));
  }

  @StreamingTable(outputMode = OutputMode.UPDATE, comment = "Running totals per user, upserted by user_id")
  public Dataset userTotals(PipelineContext ctx) {
    return clicks(ctx).groupBy(col("user_id")).agg(count().as("clicks"), sum(col("amount_cents")).as("cents"),
        max(col("event_time")).as("last_click"), countDistinct(col("page")).as("pages"),
        collectSet(col("page")).as("page_set"));
  }

  @StreamingTable(outputMode = OutputMode.COMPLETE, comment = "Totals per page, the whole table each batch")
  public Dataset pageSummary(PipelineContext ctx) {
    return clicks(ctx).groupBy(col("page")).agg(count().as("clicks"), sum(col("amount_cents")).as("cents"),
        min(col("event_time")).as("first_click"));
  }

  /** The pipeline settings of the aggregation tables, with the given state store provider. */
  static PipelineConfig config(String provider, Map<String, String> conf) {
    return PipelineConfig.parse("""
        pipeline:
          defaults:
            partitions: %d
            state-store: { provider: %s, snapshot-interval: %d, retain-batches: %d }
        """.formatted(PARTITIONS, provider, SNAPSHOT_INTERVAL, RETAIN_BATCHES), "aggregation-crash.yaml", conf);
  }

  /** The aggregation tables alone, reading {@code landing} directly, {@code maxFilesPerTrigger} files per batch. */
  static PipelineGraph graph(String provider, Path landing, int maxFilesPerTrigger) {
    var config = config(provider, Map.of("landing", landing.toString(), "aggregateInput", "files",
        "aggregateFilesPerTrigger", Integer.toString(maxFilesPerTrigger)));
    return GraphBuilder.create(config).add(new AggregationCrashPipeline()).build();
  }

  /**
   * {@link CrashTestPipeline} (bronze with one file per batch) and the aggregation tables, which read its silver or
   * the landing zone ({@code aggregateFilesPerTrigger} files per batch).
   */
  static PipelineGraph withCrashTestPipeline(String provider, String aggregateInput, Path landing,
      int aggregateFilesPerTrigger, long pauseMicros) {
    var config = config(provider, Map.of("landing", landing.toString(), "aggregateInput", aggregateInput,
        "maxFilesPerTrigger", "1", "aggregateFilesPerTrigger", Integer.toString(aggregateFilesPerTrigger),
        "pauseMicros", Long.toString(pauseMicros)));
    return GraphBuilder.create(config).add(new CrashTestPipeline()).add(new AggregationCrashPipeline()).build();
  }
}
