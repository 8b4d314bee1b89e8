package dev.millrace.runtime.observability;

import static dev.millrace.dataset.Functions.col;

import dev.millrace.annotation.MaterializedView;
import dev.millrace.annotation.Pipeline;
import dev.millrace.annotation.StreamingTable;
import dev.millrace.config.PipelineConfig;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.graph.GraphBuilder;
import dev.millrace.graph.PipelineGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The observability tests' pipeline and its input, small enough to work out every count by hand.
 *
 * <p>{@code raw_events} reads one JSON file per batch (PERMISSIVE); {@code clean} drops malformed rows, puts a
 * 10-second watermark on {@code t} and de-duplicates {@code id} within it (2 partitions, memory state);
 * {@code ids} is a view counting {@code clean}'s rows per id. The three files:
 * <pre>
 * part-0: e1 10:00:00, e2 10:00:05, e1 10:00:00 (again), e3 10:00:30, one malformed line
 * part-1: e4 10:00:10, e3 10:00:35, e5 10:00:50, e5 10:00:51
 * part-2: e6 10:00:15, e7 10:01:00
 * </pre>
 * One available-now run, worked out with Spark's rules (late rows are judged by the previous batch's watermark,
 * state is evicted by this batch's; a within-watermark key expires at its first event time + 10 s):
 * <pre>
 * raw_events b0: 5 in (1 malformed, kept), 5 out; b1: 4 in, 4 out; b2: 2 in, 2 out            = 11 in, 11 out
 * clean b0 (wm 0, late-wm 0):          5 in, 1 filtered, e1 dup       -> 3 out; next wm 10:00:20; keys e1 e2 e3
 * clean b1 (wm 10:00:20, late-wm 0):   4 in, e3 dup, e5 dup           -> 2 out (e4, e5); evicts e1 e2 e4;
 *                                                                         next wm 10:00:41; keys e3 e5
 * clean b2 (wm 10:00:41, late-wm 10:00:20): e6 late                   -> 1 out (e7); evicts e3; next wm 10:00:50
 * clean b3 (wm 10:00:50): a no-data batch (the watermark moved)       -> 0 out; keys e5 e7
 *                                                                     = 11 in, 6 out, 1 late, 3 duplicates
 * ids b0: 6 in (clean's rows), 6 out (e1 e2 e3 e4 e5 e7)
 * </pre>
 * A within-watermark de-duplication keeps two state entries per key, so clean ends with 4 keys.
 */
@Pipeline
public class ObservedClicks {

  public static final String RAW = "raw_events";
  public static final String CLEAN = "clean";
  public static final String IDS = "ids";

  @StreamingTable(comment = "Raw events, one file per batch")
  public Dataset rawEvents(PipelineContext ctx) {
    return ctx.readStream().format("json").schema("id STRING, t TIMESTAMP, amount DOUBLE")
        .option("maxFilesPerTrigger", 1).load(ctx.conf("landing"));
  }

  @StreamingTable(comment = "Well-formed events, each id once within the watermark")
  public Dataset clean(PipelineContext ctx) {
    return ctx.readStream(RAW).filter(col("_corrupt_record").isNull())
        .withWatermark("t", "10 seconds").dropDuplicatesWithinWatermark("id");
  }

  @MaterializedView(comment = "Rows per id")
  public Dataset ids(PipelineContext ctx) {
    return ctx.read(CLEAN).groupBy(col("id")).count();
  }

  /** Writes the three files into {@code landing}. */
  public static void land(Path landing) {
    try {
      Files.createDirectories(landing);
      Files.writeString(landing.resolve("part-0.json"), String.join("\n",
          event("e1", "10:00:00", 1), event("e2", "10:00:05", 2), event("e1", "10:00:00", 1),
          event("e3", "10:00:30", 3), "not json") + "\n");
      Files.writeString(landing.resolve("part-1.json"), String.join("\n",
          event("e4", "10:00:10", 4), event("e3", "10:00:35", 3.5), event("e5", "10:00:50", 5),
          event("e5", "10:00:51", 5)) + "\n");
      Files.writeString(landing.resolve("part-2.json"), String.join("\n",
          event("e6", "10:00:15", 6), event("e7", "10:01:00", 7)) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String event(String id, String time, double amount) {
    return "{\"id\":\"" + id + "\",\"t\":\"2026-01-01T" + time + "Z\",\"amount\":" + amount + "}";
  }

  /** The validated graph reading {@code landing}; state in memory with 2 partitions. */
  public static PipelineGraph graph(Path landing) {
    return GraphBuilder.create(config(landing)).add(new ObservedClicks()).build();
  }

  static PipelineConfig config(Path landing) {
    return PipelineConfig.parse("""
        pipeline:
          name: observed
          configuration: { landing: %s }
          defaults:
            partitions: 2
            state-store: { provider: memory }
        """.formatted(landing), "observed.yaml", Map.of());
  }
}
