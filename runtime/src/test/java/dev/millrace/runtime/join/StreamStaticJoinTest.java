package dev.millrace.runtime.join;

import static dev.millrace.dataset.Functions.col;
import static dev.millrace.dataset.Functions.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.annotation.MaterializedView;
import dev.millrace.annotation.StreamingTable;
import dev.millrace.config.PipelineConfig;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.runtime.testing.MemoryStream;
import dev.millrace.runtime.testing.PipelineTestDriver;
import dev.millrace.types.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stream-static joins (the static side re-read each batch) and joins in materialized views. */
class StreamStaticJoinTest {

  public static class Shop {
    @StreamingTable
    public Dataset clicks(PipelineContext ctx) {
      return ctx.readStream().format("json").schema("user_id STRING, page STRING").load("/clicks");
    }

    @StreamingTable
    public Dataset users(PipelineContext ctx) {
      return ctx.readStream().format("json").schema("user_id STRING, country STRING").load("/users");
    }

    @StreamingTable
    public Dataset enriched(PipelineContext ctx) {
      return ctx.readStream("clicks").drop("_corrupt_record")
          .join(ctx.read("users").drop("_corrupt_record"), List.of("user_id"), "left");
    }

    @StreamingTable
    public Dataset known(PipelineContext ctx) {
      Dataset c = ctx.readStream("clicks").select(col("user_id").as("uid"), col("page"));
      Dataset u = ctx.read("users").select(col("user_id"), col("country"));
      return c.join(u, c.col("uid").equalTo(u.col("user_id")).and(u.col("country").notEqual("xx")), "inner");
    }

    @StreamingTable
    public Dataset strangers(PipelineContext ctx) {
      Dataset c = ctx.readStream("clicks").select(col("user_id"), col("page"));
      return c.join(ctx.read("users").select(col("user_id")), List.of("user_id"), "left_anti");
    }

    @MaterializedView
    public Dataset clicksPerCountry(PipelineContext ctx) {
      return ctx.read("clicks").join(ctx.read("users").select(col("user_id"), col("country")), List.of("user_id"),
          "full").groupBy(col("country")).agg(count(col("page")).as("clicks"));
    }
  }

  @Test
  void eachBatchJoinsWithTheStaticSideAsItIsThen() {
    try (var driver = PipelineTestDriver.create(new Shop(), PipelineConfig.defaults())) {
      MemoryStream clicks = driver.memoryStream("clicks");
      MemoryStream users = driver.memoryStream("users");
      users.addBatch(Row.of("u1", "de"), Row.of("u2", "fr"));
      clicks.addBatch(Row.of("u1", "/a"), Row.of("u3", "/b"), Row.of(null, "/c"));
      driver.processAllAvailable();

      assertThat(driver.emitted("enriched").get(0L)).containsExactlyInAnyOrder(
          Row.of("u1", "/a", "de"), Row.of("u3", "/b", null), Row.of(null, "/c", null));
      assertThat(driver.table("known")).containsExactly(Row.of("u1", "/a", "u1", "de"));
      assertThat(driver.table("strangers")).containsExactlyInAnyOrder(Row.of("u3", "/b"), Row.of(null, "/c"));

      // u3 arrives: later clicks see it, earlier output stays as it was (Spark's stream-static semantics).
      users.addBatch(Row.of("u3", "it"));
      clicks.addBatch(Row.of("u3", "/d"));
      driver.processAllAvailable();

      assertThat(driver.emitted("enriched").get(1L)).containsExactly(Row.of("u3", "/d", "it"));
      assertThat(driver.table("enriched")).hasSize(4);
      // The view joins whole snapshots: full outer keeps users without clicks (u2) and clicks without users.
      assertThat(driver.table("clicks_per_country")).containsExactlyInAnyOrder(
          Row.of("de", 1L), Row.of("fr", 0L), Row.of("it", 2L), Row.of(null, 1L));
    }
  }
}
