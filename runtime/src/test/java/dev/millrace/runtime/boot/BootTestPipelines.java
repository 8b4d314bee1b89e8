package dev.millrace.runtime.boot;

import static dev.millrace.dataset.Functions.col;
import static dev.millrace.dataset.Functions.count;

import dev.millrace.annotation.MaterializedView;
import dev.millrace.annotation.Pipeline;
import dev.millrace.annotation.StreamingTable;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;

/** Pipelines for the Spring wiring and command-line tests, one good and a few broken ones. */
final class BootTestPipelines {

  private BootTestPipelines() {}

  /** Three tables; the landing directory comes from the configuration entry {@code landing}. */
  @Pipeline
  public static class Clicks {
    @StreamingTable(comment = "Raw clicks")
    public Dataset rawEvents(PipelineContext ctx) {
      return ctx.readStream().format("json").schema("event_id STRING, page STRING, amount DOUBLE")
          .option("mode", ctx.conf("mode", "PERMISSIVE"))
          .load(ctx.conf("landing") + "/events");
    }

    @StreamingTable
    public Dataset eventsClean(PipelineContext ctx) {
      return ctx.readStream("raw_events").filter(col("amount").gt(0));
    }

    @MaterializedView
    public Dataset pageViews(PipelineContext ctx) {
      return ctx.read("events_clean").groupBy(col("page")).agg(count().as("views"));
    }
  }

  @Pipeline
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

  @Pipeline
  public static class TypoInTableName {
    @StreamingTable
    public Dataset rawEvents(PipelineContext ctx) {
      return ctx.readStream().format("json").schema("event_id STRING").load("/landing");
    }

    @StreamingTable
    public Dataset eventsClean(PipelineContext ctx) {
      return ctx.readStream("raw_event");
    }
  }

  /** Of pipeline "orders" only. */
  @Pipeline(name = "orders")
  public static class Orders {
    @StreamingTable
    public Dataset orders(PipelineContext ctx) {
      return ctx.readStream().format("json").schema("order_id STRING, amount DOUBLE").load("/landing/orders");
    }
  }

  /** Of pipeline "returns" only; its bean name is not its pipeline's name. */
  @Pipeline(value = "returnsBean", name = "returns")
  public static class Returns {
    @StreamingTable
    public Dataset returns(PipelineContext ctx) {
      return ctx.readStream().format("json").schema("order_id STRING").load("/landing/returns");
    }
  }

  /** No name: part of every pipeline of the application. */
  @Pipeline
  public static class Calendar {
    @StreamingTable
    public Dataset holidays(PipelineContext ctx) {
      return ctx.readStream().format("json").schema("day DATE").load("/landing/holidays");
    }
  }
}
