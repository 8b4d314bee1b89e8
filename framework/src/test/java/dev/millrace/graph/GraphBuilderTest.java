package dev.millrace.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.config.PipelineConfig;
import dev.millrace.errors.PipelineDefinitionException;
import dev.millrace.plan.Deduplicate;
import dev.millrace.plan.EventTimeWatermark;
import dev.millrace.plan.Plans;
import dev.millrace.streaming.OutputMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphBuilderTest {

  private static final PipelineConfig CONFIG = PipelineConfig.defaults(Map.of("landing", "/data/landing"));

  private static PipelineGraph build(PipelineConfig config, Object... pipelines) {
    GraphBuilder builder = GraphBuilder.create(config);
    for (Object p : pipelines) {
      builder.add(p);
    }
    return builder.build();
  }

  private static List<String> problems(Object... pipelines) {
    try {
      build(CONFIG, pipelines);
    } catch (PipelineDefinitionException e) {
      return e.problems();
    }
    throw new AssertionError("expected the pipeline to be invalid");
  }

  @Test
  void buildsTheClickstreamGraphInDependencyOrder() {
    PipelineGraph graph = build(CONFIG, new TestPipelines.Clickstream());

    assertThat(graph.tables()).extracting(AnalyzedTable::name)
        .containsExactly("raw_events", "events_clean", "page_views", "user_activity_1m");
    assertThat(graph.edges()).containsExactly(
        new Edge("raw_events", "events_clean", true),
        new Edge("events_clean", "page_views", false),
        new Edge("events_clean", "user_activity_1m", true));
    assertThat(graph.upstream("user_activity_1m")).containsExactly("events_clean");
    assertThat(graph.downstream("events_clean")).containsExactly("page_views", "user_activity_1m");
    assertThat(graph.table("page_views").kind()).isEqualTo(TableKind.MATERIALIZED_VIEW);
    assertThat(graph.table("raw_events").definition().origin()).isEqualTo("Clickstream.rawEvents");
    assertThat(graph.table("raw_events").definition().comment()).contains("Raw clicks");
  }

  @Test
  void analyzesSchemasThroughTheGraph() {
    PipelineGraph graph = build(CONFIG, new TestPipelines.Clickstream());

    assertThat(graph.table("events_clean").schema().toDdl())
        .isEqualTo("event_id STRING, user_id STRING, event_time TIMESTAMP, page STRING, amount DOUBLE, "
            + "_corrupt_record STRING");
    assertThat(graph.table("user_activity_1m").schema().toDdl()).isEqualTo(
        "window STRUCT<start: TIMESTAMP, end: TIMESTAMP>, user_id STRING, events LONG NOT NULL, revenue DOUBLE");
    assertThat(graph.table("page_views").schema().toDdl()).isEqualTo("page STRING, views LONG NOT NULL");
  }

  @Test
  void appliesTheTablesWatermarkAndDedupeToItsStreamingInput() {
    PipelineGraph graph = build(CONFIG, new TestPipelines.Clickstream());

    assertThat(Plans.explain(graph.table("events_clean").plan())).isEqualTo("""
        Filter (amount > 0.0)
        +- DeduplicateWithinWatermark [event_id]
           +- EventTimeWatermark event_time, 10 seconds
              +- TableRead raw_events [streaming]
        """);
  }

  @Test
  void yamlTableSettingsOverrideAnnotations() {
    PipelineConfig config = PipelineConfig.parse("""
        pipeline:
          name: clicks
          configuration: { landing: /in }
        tables:
          events_clean:
            watermark:  { column: event_time, delay: 15 seconds }
            output-mode: append
            partitions: 2
        """, "clicks.yaml", Map.of());

    PipelineGraph graph = build(config, new TestPipelines.Clickstream());

    AnalyzedTable silver = graph.table("events_clean");
    assertThat(silver.settings().watermark().orElseThrow().delay()).isEqualTo(Duration.ofSeconds(15));
    assertThat(silver.settings().partitions()).isEqualTo(2);
    assertThat(silver.settings().dedupe().orElseThrow().keys()).containsExactly("event_id");
    assertThat(Plans.collect(silver.plan(), EventTimeWatermark.class)).singleElement()
        .extracting(EventTimeWatermark::delay).isEqualTo(Duration.ofSeconds(15));
    assertThat(Plans.collect(silver.plan(), Deduplicate.class)).singleElement()
        .extracting(Deduplicate::withinWatermark).isEqualTo(true);
    // The gold table keeps its annotation's watermark and the built-in partitions.
    AnalyzedTable gold = graph.table("user_activity_1m");
    assertThat(gold.settings().watermark().orElseThrow().delay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(gold.settings().partitions()).isEqualTo(4);
    assertThat(gold.settings().outputMode()).isEqualTo(OutputMode.APPEND);
  }

  @Test
  void reportsAReadOfAnUndefinedTableWithASuggestion() {
    assertThat(problems(new TestPipelines.TypoInTableName())).containsExactly(
        "table 'events_clean' (TypoInTableName.eventsClean) reads 'raw_event', which is not defined. Did you mean "
            + "'raw_events'? Defined tables: events_clean, raw_events");
  }

  @Test
  void theExceptionMessageStartsWithInvalidPipeline() {
    assertThatThrownBy(() -> build(CONFIG, new TestPipelines.TypoInTableName()))
        .isInstanceOf(PipelineDefinitionException.class)
        .hasMessage("Invalid pipeline: table 'events_clean' (TypoInTableName.eventsClean) reads 'raw_event', which "
            + "is not defined. Did you mean 'raw_events'? Defined tables: events_clean, raw_events");
  }

  @Test
  void reportsDuplicateTableNamesWithBothMethods() {
    assertThat(problems(new TestPipelines.DuplicateName())).containsExactly(
        "table 'raw_events' is defined more than once: by DuplicateName.copy and Bronze.rawEvents. Table names must "
            + "be unique in a pipeline; give one a different name with @StreamingTable(name = \"...\") or "
            + "@MaterializedView(name = \"...\")");
  }

  @Test
  void reportsDuplicatesAcrossPipelineClasses() {
    assertThat(problems(new TestPipelines.Bronze(), new TestPipelines.Bronze())).singleElement().asString()
        .startsWith("table 'raw_events' is defined more than once: by Bronze.rawEvents and Bronze.rawEvents.");
  }

  @Test
  void reportsACycleWithItsPath() {
    assertThat(problems(new TestPipelines.Cycle())).containsExactly(
        "tables form a cycle: a -> b -> c -> a (Cycle.a, Cycle.b, Cycle.c). Each arrow means 'is read by'; a table "
            + "cannot depend on itself, directly or through others. Remove one of these reads");
  }

  @Test
  void reportsATableThatReadsItself() {
    assertThat(problems(new TestPipelines.SelfRead())).singleElement().asString()
        .startsWith("tables form a cycle: loop -> loop (SelfRead.loop).");
  }

  @Test
  void reportsAnUnknownColumnWithTheAvailableOnes() {
    assertThat(problems(new TestPipelines.UnknownColumn())).containsExactly(
        "table 'events_clean' (UnknownColumn.eventsClean): Column 'amont' does not exist (in filter). Available "
            + "columns: event_id, user_id, event_time, page, amount, _corrupt_record. Did you mean 'amount'?");
  }

  @Test
  void reportsAStreamingReadOfAMaterializedView() {
    assertThat(problems(new TestPipelines.StreamingReadOfView())).containsExactly(
        "table 'top_pages' (StreamingReadOfView.topPages) reads 'page_views' with ctx.readStream, but 'page_views' "
            + "is a materialized view, which is recomputed, not appended to. Read it with ctx.read(\"page_views\"), "
            + "or define 'page_views' as an append-mode @StreamingTable");
  }

  @Test
  void reportsAStreamingReadOfAnUpdateModeTable() {
    assertThat(problems(new TestPipelines.StreamingReadOfUpdateTable())).containsExactly(
        "table 'downstream' (StreamingReadOfUpdateTable.downstream) reads 'per_user' with ctx.readStream, but "
            + "'per_user' is a streaming table in update mode, whose rows change. Only append-mode tables can be "
            + "read as a stream; read it with ctx.read(\"per_user\") instead");
  }

  @Test
  void reportsAnAppendModeAggregationWithoutWatermark() {
    assertThat(problems(new TestPipelines.AppendAggregationWithoutWatermark())).singleElement().asString()
        .startsWith("table 'per_user' (AppendAggregationWithoutWatermark.perUser): append output mode with an "
            + "aggregation needs an event-time window over a watermarked column");
  }

  @Test
  void reportsCompleteModeWithoutAggregation() {
    assertThat(problems(new TestPipelines.CompleteWithoutAggregation())).containsExactly(
        "table 'copy' (CompleteWithoutAggregation.copy): complete output mode needs a streaming aggregation "
            + "(groupBy(...).agg(...)), because it rewrites the whole result every batch. Use append mode for a "
            + "query without one");
  }

  @Test
  void reportsDropDuplicatesWithinWatermarkWithoutAWatermark() {
    assertThat(problems(new TestPipelines.DedupeWithinWatermarkWithoutWatermark())).containsExactly(
        "table 'unique' (DedupeWithinWatermarkWithoutWatermark.unique): dropDuplicatesWithinWatermark[event_id] "
            + "needs a watermark on its input: add withWatermark(...) before it or @Watermark on the table");
  }

  @Test
  void reportsAWatermarkOnANonTimestampColumn() {
    assertThat(problems(new TestPipelines.WatermarkOnString())).containsExactly(
        "table 'by_page' (WatermarkOnString.byPage): The watermark column 'page' is STRING, but event time must be "
            + "a TIMESTAMP. Convert it first, e.g. withColumn(\"page\", to_timestamp(col(\"page\")))");
  }

  @Test
  void reportsAWatermarkOnAColumnNoInputHas() {
    assertThat(problems(new TestPipelines.WatermarkOnMissingColumn())).containsExactly(
        "table 'late' (WatermarkOnMissingColumn.late): the watermark column 'ts' is not a column of any streaming "
            + "input of the table; streaming inputs: raw_events (event_id, user_id, event_time, page, amount, "
            + "_corrupt_record). Fix "
            + "the column in @Watermark or in tables.late.watermark of <no config file>");
  }

  @Test
  void reportsMethodsWithTheWrongShape() {
    assertThat(problems(new TestPipelines.BadSignatures())).containsExactlyInAnyOrder(
        "BadSignatures.wrongReturn defines a table but returns String; it must return dev.millrace.dataset.Dataset",
        "BadSignatures.wrongArgs defines a table but takes (String); it must take nothing or one PipelineContext",
        "BadSignatures.notPublic defines a table but is not public; make it public");
  }

  @Test
  void reportsAnExceptionThrownWhileDefiningAQuery() {
    assertThat(problems(new TestPipelines.Throws())).containsExactly(
        "table 'broken' (Throws.broken) failed while defining its query: Unknown source format 'parquet'. "
            + "Supported formats: json, csv");
  }

  @Test
  void reportsAMethodReturningNull() {
    assertThat(problems(new TestPipelines.ReturnsNull())).containsExactly(
        "table 'nothing' (ReturnsNull.nothing) returned null; it must return the Dataset that defines the table");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThat(problems(new TestPipelines.TwoProblems())).containsExactly(
        "table 'first' (TwoProblems.first) reads 'raw_evnts', which is not defined. Did you mean 'raw_events'? "
            + "Defined tables: first, raw_events, second",
        "table 'second' (TwoProblems.second): Column 'usr_id' does not exist (in select). Available columns: "
            + "event_id, user_id, event_time, page, amount, _corrupt_record. Did you mean 'user_id'?");
  }

  @Test
  void reportsAStreamingTableThatReadsNoStream() {
    assertThat(problems(new TestPipelines.StaticTable())).containsExactly(
        "table 'snapshot' (StaticTable.snapshot) is a @StreamingTable but reads no stream. Read its input with "
            + "ctx.readStream(...), or make it a @MaterializedView");
  }

  @Test
  void reportsAMaterializedViewThatReadsAStream() {
    assertThat(problems(new TestPipelines.StreamingView())).containsExactly(
        "table 'view' (StreamingView.view) is a @MaterializedView but reads a stream. A materialized view is "
            + "recomputed from snapshots: use ctx.read(...), or make it a @StreamingTable");
  }

  @Test
  void reportsAStreamStreamOuterJoinWithoutWatermarks() {
    assertThat(problems(new TestPipelines.OuterJoinWithoutWatermarks())).singleElement().asString()
        .startsWith("table 'joined' (OuterJoinWithoutWatermarks.joined): left_outer join between two streams needs "
            + "a watermark on both inputs and a time-range condition between their event-time columns")
        .contains("a row of the left side could wait forever for its match", "(neither input has one)");
  }

  @Test
  void reportsAStreamStreamOuterJoinWhoseRangeDoesNotBoundTheWaitingSide() {
    // rtime >= event_time: a left row can match a right row however late, so it can never be given up.
    assertThat(problems(new TestPipelines.OuterJoinWithUnboundedRange())).singleElement().asString()
        .contains("left_outer join between two streams needs", "(the condition has no time range between the two "
            + "watermarked event times that bounds the left side)");
  }

  @Test
  void reportsAStreamStreamJoinWithoutAnEqualityKey() {
    assertThat(problems(new TestPipelines.StreamJoinWithoutEquality())).containsExactly(
        "table 'joined' (StreamJoinWithoutEquality.joined): a join of two streams needs at least one equality "
            + "between a left and a right column, as in Spark, e.g. clicks.col(\"ad_id\").equalTo("
            + "impressions.col(\"ad_id\"))");
  }

  @Test
  void acceptsALeftOuterStreamJoinWithWatermarksAndATimeRange() {
    PipelineGraph graph = build(CONFIG, new TestPipelines.OuterJoinWithWatermarksAndRange());

    assertThat(graph.table("joined").schema().names()).containsExactly("event_id", "user_id", "event_time", "page",
        "amount", "_corrupt_record", "rid", "rtime");
  }

  @Test
  void reportsAMissingConfigurationEntry() {
    assertThatThrownBy(() -> build(PipelineConfig.defaults(Map.of("landng", "/x")), new TestPipelines.Clickstream()))
        .isInstanceOf(PipelineDefinitionException.class)
        .hasMessageStartingWith("Invalid pipeline: table 'raw_events' (Clickstream.rawEvents) failed while defining "
            + "its query: The configuration entry 'landing' is not set. Set it under pipeline.configuration in "
            + "<no config file>, or pass --conf landing=... on the command line. Entries: landng. Did you mean "
            + "'landng'?");
  }

  @Test
  void reportsYamlEntriesForTablesThatDoNotExistWithTheirLine() {
    PipelineConfig config = PipelineConfig.parse("""
        pipeline:
          configuration: { landing: /in }
        tables:
          events_clean:
            partitions: 2
          user_activity_1h:
            partitions: 2
        """, "clicks.yaml", Map.of());

    assertThatThrownBy(() -> build(config, new TestPipelines.Clickstream()))
        .isInstanceOf(PipelineDefinitionException.class)
        .hasMessageStartingWith("Invalid pipeline: clicks.yaml:6: ")
        .hasMessageContaining("user_activity_1h")
        .hasMessageContaining("user_activity_1m");
  }

  @Test
  void reportsThatNoTablesAreDefined() {
    assertThat(problems(new TestPipelines.NoTables())).containsExactly(
        "no tables are defined. Annotate public methods returning Dataset with @StreamingTable or "
            + "@MaterializedView in a @Pipeline class (looked in NoTables)");
  }

  @Test
  void describesTablesForValidate() {
    PipelineGraph graph = build(CONFIG, new TestPipelines.Clickstream());

    assertThat(graph.describe()).startsWith("Pipeline 'pipeline': 4 tables, 3 edges\n\nraw_events  streaming table "
        + "(append)  defined by Clickstream.rawEvents\n  comment:    Raw clicks\n  reads:      json files in "
        + "/data/landing/events (stream)\n  schema:     event_id STRING, user_id STRING, event_time TIMESTAMP, page "
        + "STRING, amount DOUBLE, _corrupt_record STRING\n\nevents_clean"); // a stateless table shows no state line
    assertThat(graph.describe()).contains("""
        events_clean  streaming table (append)  defined by Clickstream.eventsClean
          reads:      raw_events (stream)
          schema:     event_id STRING, user_id STRING, event_time TIMESTAMP, page STRING, amount DOUBLE, \
        _corrupt_record STRING
          watermark:  event_time, 10 seconds (policy min)
          dedupe:     event_id (within watermark)
          state:      rocksdb, partitions 4, snapshot every 10 batches, retain 20 batches
        """);
  }

  @Test
  void rendersTextAndMermaid() {
    PipelineGraph graph = build(CONFIG, new TestPipelines.Clickstream());

    assertThat(graph.toText()).isEqualTo("""
        raw_events [streaming table]
        events_clean [streaming table] <- raw_events
        page_views [materialized view] <- events_clean (snapshot)
        user_activity_1m [streaming table] <- events_clean
        """);
    assertThat(graph.toMermaid()).isEqualTo("""
        flowchart LR
          raw_events["raw_events<br/><i>streaming table</i>"]
          events_clean["events_clean<br/><i>streaming table</i>"]
          page_views("page_views<br/><i>materialized view</i>")
          user_activity_1m["user_activity_1m<br/><i>streaming table</i>"]
          raw_events --> events_clean
          events_clean -.-> page_views
          events_clean --> user_activity_1m
        """);
  }
}
