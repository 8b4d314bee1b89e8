package dev.millrace.graph;

import static dev.millrace.dataset.Functions.col;
import static dev.millrace.dataset.Functions.count;
import static dev.millrace.dataset.Functions.sum;
import static dev.millrace.dataset.Functions.window;

import dev.millrace.annotation.Dedupe;
import dev.millrace.annotation.MaterializedView;
import dev.millrace.annotation.Pipeline;
import dev.millrace.annotation.StreamingTable;
import dev.millrace.annotation.Watermark;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.streaming.OutputMode;

/** Pipelines used by the graph tests, good and broken. */
final class TestPipelines {

  static final String EVENTS = "event_id STRING, user_id STRING, event_time TIMESTAMP, page STRING, amount DOUBLE";

  private TestPipelines() {}

  @Pipeline
  public static class Clickstream {
    @StreamingTable(comment = "Raw clicks")
    public Dataset rawEvents(PipelineContext ctx) {
      return ctx.readStream().format("json").schema(EVENTS).load(ctx.conf("landing") + "/events");
    }

    @StreamingTable
    @Watermark(column = "event_time", delay = "10 seconds")
    @Dedupe(keys = "event_id")
    public Dataset eventsClean(PipelineContext ctx) {
      return ctx.readStream("raw_events").filter(col("amount").gt(0));
    }

    @StreamingTable(outputMode = OutputMode.APPEND)
    @Watermark(column = "event_time", delay = "10 seconds")
    public Dataset userActivity1m(PipelineContext ctx) {
      return ctx.readStream("events_clean")
          .groupBy(window(col("event_time"), "1 minute"), col("user_id"))
          .agg(count().as("events"), sum(col("amount")).as("revenue"));
    }

    @MaterializedView
    public Dataset pageViews(PipelineContext ctx) {
      return ctx.read("events_clean").groupBy(col("page")).agg(count().as("views"));
    }
  }

  /** Bronze only, for pipelines split over several classes. */
  public static class Bronze {
    @StreamingTable
    public Dataset rawEvents(PipelineContext ctx) {
      return ctx.readStream().format("json").schema(EVENTS).load("/landing");
    }
  }

  public static class TypoInTableName extends Bronze {
    @StreamingTable
    public Dataset eventsClean(PipelineContext ctx) {
      return ctx.readStream("raw_event");
    }
  }

  public static class DuplicateName extends Bronze {
    @StreamingTable(name = "raw_events")
    public Dataset copy(PipelineContext ctx) {
      return ctx.readStream().format("json").schema(EVENTS).load("/other");
    }
  }

  public static class Cycle {
    @StreamingTable
    public Dataset a(PipelineContext ctx) {
      return ctx.readStream("c");
    }

    @StreamingTable
    public Dataset b(PipelineContext ctx) {
      return ctx.readStream("a");
    }

    @StreamingTable
    public Dataset c(PipelineContext ctx) {
      return ctx.readStream("b");
    }
  }

  public static class SelfRead {
    @StreamingTable
    public Dataset loop(PipelineContext ctx) {
      return ctx.readStream("loop");
    }
  }

  public static class UnknownColumn extends Bronze {
    @StreamingTable
    public Dataset eventsClean(PipelineContext ctx) {
      return ctx.readStream("raw_events").filter(col("amont").gt(0));
    }
  }

  public static class StreamingReadOfView extends Bronze {
    @MaterializedView
    public Dataset pageViews(PipelineContext ctx) {
      return ctx.read("raw_events").groupBy(col("page")).count();
    }

    @StreamingTable
    public Dataset topPages(PipelineContext ctx) {
      return ctx.readStream("page_views");
    }
  }

  public static class StreamingReadOfUpdateTable extends Bronze {
    @StreamingTable(outputMode = OutputMode.UPDATE)
    public Dataset perUser(PipelineContext ctx) {
      return ctx.readStream("raw_events").groupBy(col("user_id")).count();
    }

    @StreamingTable
    public Dataset downstream(PipelineContext ctx) {
      return ctx.readStream("per_user");
    }
  }

  public static class AppendAggregationWithoutWatermark extends Bronze {
    @StreamingTable
    public Dataset perUser(PipelineContext ctx) {
      return ctx.readStream("raw_events").groupBy(col("user_id")).count();
    }
  }

  public static class CompleteWithoutAggregation extends Bronze {
    @StreamingTable(outputMode = OutputMode.COMPLETE)
    public Dataset copy(PipelineContext ctx) {
      return ctx.readStream("raw_events").select("event_id");
    }
  }

  public static class DedupeWithinWatermarkWithoutWatermark extends Bronze {
    @StreamingTable
    public Dataset unique(PipelineContext ctx) {
      return ctx.readStream("raw_events").dropDuplicatesWithinWatermark("event_id");
    }
  }

  public static class WatermarkOnString extends Bronze {
    @StreamingTable
    @Watermark(column = "page", delay = "10 seconds")
    public Dataset byPage(PipelineContext ctx) {
      return ctx.readStream("raw_events");
    }
  }

  public static class WatermarkOnMissingColumn extends Bronze {
    @StreamingTable
    @Watermark(column = "ts", delay = "10 seconds")
    public Dataset late(PipelineContext ctx) {
      return ctx.readStream("raw_events");
    }
  }

  public static class BadSignatures {
    @StreamingTable
    public String wrongReturn(PipelineContext ctx) {
      return "x";
    }

    @StreamingTable
    public Dataset wrongArgs(String s) {
      return null;
    }

    @StreamingTable
    Dataset notPublic(PipelineContext ctx) {
      return null;
    }
  }

  public static class Throws {
    @StreamingTable
    public Dataset broken(PipelineContext ctx) {
      return ctx.readStream().format("parquet").load("/x");
    }
  }

  public static class ReturnsNull {
    @StreamingTable
    public Dataset nothing(PipelineContext ctx) {
      return null;
    }
  }

  public static class TwoProblems extends Bronze {
    @StreamingTable
    public Dataset first(PipelineContext ctx) {
      return ctx.readStream("raw_evnts");
    }

    @StreamingTable
    public Dataset second(PipelineContext ctx) {
      return ctx.readStream("raw_events").select(col("usr_id"));
    }
  }

  public static class StaticTable extends Bronze {
    @StreamingTable
    public Dataset snapshot(PipelineContext ctx) {
      return ctx.read("raw_events");
    }
  }

  public static class StreamingView extends Bronze {
    @MaterializedView
    public Dataset view(PipelineContext ctx) {
      return ctx.readStream("raw_events");
    }
  }

  public static class OuterJoinWithoutWatermarks extends Bronze {
    @StreamingTable
    public Dataset joined(PipelineContext ctx) {
      Dataset left = ctx.readStream("raw_events");
      Dataset right = ctx.readStream("raw_events").select(col("event_id").as("rid"), col("event_time").as("rtime"));
      return left.join(right, left.col("event_id").equalTo(right.col("rid")), "left_outer");
    }
  }

  public static class OuterJoinWithWatermarksAndRange extends Bronze {
    @StreamingTable
    public Dataset joined(PipelineContext ctx) {
      Dataset left = ctx.readStream("raw_events").withWatermark("event_time", "10 seconds");
      Dataset right = ctx.readStream("raw_events").select(col("event_id").as("rid"), col("event_time").as("rtime"))
          .withWatermark("rtime", "10 seconds");
      return left.join(right, left.col("event_id").equalTo(right.col("rid"))
          .and(right.col("rtime").leq(left.col("event_time").plus(java.time.Duration.ofMinutes(10)))), "left_outer");
    }
  }

  /** A range that does not bound the left side: rtime >= event_time lets a left row match any later right row. */
  public static class OuterJoinWithUnboundedRange extends Bronze {
    @StreamingTable
    public Dataset joined(PipelineContext ctx) {
      Dataset left = ctx.readStream("raw_events").withWatermark("event_time", "10 seconds");
      Dataset right = ctx.readStream("raw_events").select(col("event_id").as("rid"), col("event_time").as("rtime"))
          .withWatermark("rtime", "10 seconds");
      return left.join(right, left.col("event_id").equalTo(right.col("rid"))
          .and(right.col("rtime").geq(left.col("event_time"))), "left_outer");
    }
  }

  public static class StreamJoinWithoutEquality extends Bronze {
    @StreamingTable
    public Dataset joined(PipelineContext ctx) {
      Dataset left = ctx.readStream("raw_events");
      Dataset right = ctx.readStream("raw_events").select(col("event_id").as("rid"), col("event_time").as("rtime"));
      return left.join(right, right.col("rtime").geq(left.col("event_time")), "inner");
    }
  }

  public static class NoTables {
    public Dataset notATable() {
      return null;
    }
  }
}
