package dev.millrace.runtime.groupstate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.annotation.StreamingTable;
import dev.millrace.config.PipelineConfig;
import dev.millrace.config.Trigger;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.graph.GraphBuilder;
import dev.millrace.graph.PipelineGraph;
import dev.millrace.runtime.engine.PipelineRunner;
import dev.millrace.runtime.engine.RunResult;
import dev.millrace.runtime.engine.TableProgress;
import dev.millrace.streaming.GroupState;
import dev.millrace.streaming.GroupStateTimeout;
import dev.millrace.streaming.OutputMode;
import dev.millrace.types.Encoders;
import dev.millrace.types.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A changed state type is refused with a request for a full refresh, instead of old state being misread; after the
 * full refresh the table is recomputed with the new type.
 */
class GroupStateSchemaChangeTest {

  public record UserCount(String user, long clicks) {}

  public record Tally(long clicks, long pages) {}

  /** Counts clicks per user in a {@code long}. */
  public static class CountsV1 {
    @StreamingTable
    public Dataset clicks(PipelineContext ctx) {
      return ctx.readStream().format("json").schema("user STRING").load(ctx.conf("landing"));
    }

    @StreamingTable(outputMode = OutputMode.UPDATE)
    public Dataset counts(PipelineContext ctx) {
      return ctx.readStream("clicks").groupByKey((Row r) -> r.<String>getAs("user"), Encoders.STRING)
          .mapGroupsWithState((String user, Iterator<Row> rows, GroupState<Long> state) -> {
            long n = state.getOption().orElse(0L);
            while (rows.hasNext()) {
              rows.next();
              n++;
            }
            state.update(n);
            return new UserCount(user, n);
          }, Encoders.LONG, Encoders.of(UserCount.class), GroupStateTimeout.NoTimeout());
    }
  }

  /** The same table, its state now a record. */
  public static class CountsV2 extends CountsV1 {
    @Override
    @StreamingTable(outputMode = OutputMode.UPDATE)
    public Dataset counts(PipelineContext ctx) {
      return ctx.readStream("clicks").groupByKey((Row r) -> r.<String>getAs("user"), Encoders.STRING)
          .mapGroupsWithState((String user, Iterator<Row> rows, GroupState<Tally> state) -> {
            Tally t = state.getOption().orElse(new Tally(0, 0));
            while (rows.hasNext()) {
              rows.next();
              t = new Tally(t.clicks() + 1, t.pages() + 1);
            }
            state.update(t);
            return new UserCount(user, t.clicks());
          }, Encoders.of(Tally.class), Encoders.of(UserCount.class), GroupStateTimeout.NoTimeout());
    }
  }

  @TempDir
  Path dir;

  private RunResult run(Object pipeline, Set<String> fullRefresh) {
    PipelineConfig config = PipelineConfig.parse("""
        pipeline:
          storage: %s
          defaults: { partitions: 1, state-store: { provider: memory } }
        """.formatted(dir.resolve("storage")), "t.yaml", Map.of("landing", dir.resolve("in").toString()));
    PipelineGraph graph = GraphBuilder.create(config).add(pipeline).build();
    try (PipelineRunner runner = PipelineRunner.builder(graph).build()) {
      return runner.run(Trigger.availableNow(), fullRefresh);
    }
  }

  @Test
  void changingTheStateTypeAsksForAFullRefreshOfTheTable() throws IOException {
    Files.createDirectories(dir.resolve("in"));
    Files.writeString(dir.resolve("in/part-0.json"), "{\"user\":\"u1\"}\n{\"user\":\"u1\"}\n");
    assertThat(run(new CountsV1(), Set.of()).succeeded()).isTrue();

    RunResult changed = run(new CountsV2(), Set.of());

    TableProgress counts = changed.table("counts").orElseThrow();
    assertThat(counts.status()).isEqualTo(TableProgress.Status.FAILED);
    String ddlV1 = "value LONG";
    String ddlV2 = "clicks LONG NOT NULL, pages LONG NOT NULL";
    assertThat(counts.error()).isEqualTo("The query of table 'counts' changed in a way its checkpoint cannot follow:"
        + "\n  checkpoint: table clicks; groups-0 (1 partitions, groups key (value STRING) state java.lang.Long ("
        + ddlV1 + ") NO_TIMEOUT); output update"
        + "\n  query now:  table clicks; groups-0 (1 partitions, groups key (value STRING) state "
        + Tally.class.getName() + " (" + ddlV2 + ") NO_TIMEOUT); output update"
        + "\nRun a full refresh of the table (./millrace run --full-refresh=counts) to recompute it from its inputs");

    RunResult refreshed = run(new CountsV2(), Set.of("counts"));
    assertThat(refreshed.succeeded()).isTrue();
    assertThat(refreshed.table("counts").orElseThrow().rowsWritten()).isEqualTo(1);
  }
}
