package dev.millrace.graph;

import dev.millrace.config.Durations;
import dev.millrace.config.PipelineConfig;
import dev.millrace.config.ResolvedTableSettings;
import dev.millrace.plan.Aggregate;
import dev.millrace.plan.Deduplicate;
import dev.millrace.plan.FileSource;
import dev.millrace.plan.FlatMapGroupsWithState;
import dev.millrace.plan.Join;
import dev.millrace.plan.LogicalPlan;
import dev.millrace.plan.Plans;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;

/**
 * A validated pipeline: its tables in dependency order (every table after the tables it reads), each analyzed, and
 * the edges between them. Immutable and thread-safe. Built by {@link GraphBuilder}.
 */
public final class PipelineGraph {

  private final PipelineConfig config;
  private final Map<String, AnalyzedTable> tables;
  private final List<Edge> edges;
  private final Graph<String, DefaultEdge> dag;

  PipelineGraph(PipelineConfig config, List<AnalyzedTable> topologicalOrder, List<Edge> edges,
      Graph<String, DefaultEdge> dag) {
    this.config = config;
    var map = new LinkedHashMap<String, AnalyzedTable>();
    for (AnalyzedTable t : topologicalOrder) {
      map.put(t.name(), t);
    }
    this.tables = java.util.Collections.unmodifiableMap(map);
    this.edges = List.copyOf(edges);
    this.dag = dag;
  }

  public PipelineConfig config() {
    return config;
  }

  /** Every table, each after the tables it reads (ties in name order, so the order is stable). */
  public List<AnalyzedTable> tables() {
    return List.copyOf(tables.values());
  }

  public Optional<AnalyzedTable> find(String name) {
    return Optional.ofNullable(tables.get(name));
  }

  /** @throws NoSuchElementException naming the tables there are */
  public AnalyzedTable table(String name) {
    AnalyzedTable t = tables.get(name);
    if (t == null) {
      throw new NoSuchElementException("No table '" + name + "' in pipeline '" + config.pipeline().name()
          + "'. Tables: " + String.join(", ", tables.keySet()));
    }
    return t;
  }

  /** Every edge, upstream to downstream, in the order of {@link #tables()} of the downstream table. */
  public List<Edge> edges() {
    return edges;
  }

  /** The tables {@code name} reads directly. */
  public Set<String> upstream(String name) {
    table(name);
    return dag.incomingEdgesOf(name).stream().map(dag::getEdgeSource).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The tables that read {@code name} directly. */
  public Set<String> downstream(String name) {
    table(name);
    return dag.outgoingEdgesOf(name).stream().map(dag::getEdgeTarget).collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * A human-readable description of every table: kind, origin, inputs, schema and effective settings. This is
   * what {@code validate} prints.
   */
  public String describe() {
    var sb = new StringBuilder();
    sb.append("Pipeline '").append(config.pipeline().name()).append("': ").append(tables.size())
        .append(tables.size() == 1 ? " table, " : " tables, ").append(edges.size())
        .append(edges.size() == 1 ? " edge" : " edges").append('\n');
    for (AnalyzedTable t : tables.values()) {
      ResolvedTableSettings s = t.settings();
      sb.append('\n').append(t.name()).append("  ").append(t.kind().label());
      if (t.kind() == TableKind.STREAMING_TABLE) {
        sb.append(" (").append(s.outputMode().name().toLowerCase(Locale.ROOT)).append(')');
      }
      sb.append("  defined by ").append(t.definition().origin()).append('\n');
      s.comment().ifPresent(c -> sb.append("  comment:    ").append(c).append('\n'));
      if (!t.definition().properties().isEmpty()) {
        sb.append("  properties: ").append(t.definition().properties().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))).append('\n');
      }
      sb.append("  reads:      ").append(describeInputs(t)).append('\n');
      sb.append("  schema:     ").append(t.schema().toDdl()).append('\n');
      if (t.kind() == TableKind.STREAMING_TABLE) {
        s.watermark().ifPresent(w -> sb.append("  watermark:  ").append(w.column()).append(", ")
            .append(Durations.format(w.delay())).append(" (policy ")
            .append(s.watermarkPolicy().name().toLowerCase(Locale.ROOT)).append(")\n"));
        s.dedupe().ifPresent(d -> sb.append("  dedupe:     ").append(String.join(", ", d.keys()))
            .append(s.watermark().isPresent() ? " (within watermark)" : " (no watermark: state is kept forever)")
            .append('\n'));
        var store = s.stateStore();
        if (!isStateful(t.plan())) {
          continue;
        }
        sb.append("  state:      ").append(store.provider().name().toLowerCase(Locale.ROOT))
            .append(", partitions ").append(s.partitions())
            .append(", snapshot every ").append(store.snapshotInterval()).append(" batches, retain ")
            .append(store.retainBatches()).append(" batches\n");
      }
    }
    return sb.toString();
  }

  /** Whether a streaming plan keeps state across batches (aggregation, de-duplication, join, groups with state). */
  static boolean isStateful(LogicalPlan plan) {
    boolean[] stateful = {false};
    Plans.forEach(plan, node -> stateful[0] |= node.isStreaming() && (node instanceof Aggregate
        || node instanceof Deduplicate || node instanceof FlatMapGroupsWithState
        || (node instanceof Join j && j.left().isStreaming() && j.right().isStreaming())));
    return stateful[0];
  }

  private String describeInputs(AnalyzedTable t) {
    var parts = new ArrayList<String>();
    for (Edge e : t.inputs()) {
      parts.add(e.upstream() + (e.streaming() ? " (stream)" : " (snapshot)"));
    }
    for (FileSource s : Plans.collect(t.plan(), FileSource.class)) {
      parts.add(s.format() + " files in " + s.path() + (s.streaming() ? " (stream)" : " (snapshot)"));
    }
    return parts.isEmpty() ? "nothing" : String.join(", ", parts);
  }

  /** The graph as indented text: each table with the tables it reads. */
  public String toText() {
    var sb = new StringBuilder();
    for (AnalyzedTable t : tables.values()) {
      sb.append(t.name()).append(" [").append(t.kind().label()).append(']');
      if (!t.inputs().isEmpty()) {
        sb.append(" <- ").append(t.inputs().stream()
            .map(e -> e.upstream() + (e.streaming() ? "" : " (snapshot)")).collect(Collectors.joining(", ")));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /**
   * The graph as a Mermaid flowchart, left to right: streaming reads as solid arrows, snapshot reads as dotted
   * ones, materialized views as rounded boxes.
   */
  public String toMermaid() {
    var sb = new StringBuilder("flowchart LR\n");
    for (AnalyzedTable t : tables.values()) {
      String label = t.name() + "<br/><i>" + t.kind().label() + "</i>";
      sb.append("  ").append(t.name())
          .append(t.kind() == TableKind.MATERIALIZED_VIEW ? "(\"" + label + "\")" : "[\"" + label + "\"]")
          .append('\n');
    }
    for (Edge e : edges) {
      sb.append("  ").append(e.upstream()).append(e.streaming() ? " --> " : " -.-> ").append(e.downstream())
          .append('\n');
    }
    return sb.toString();
  }
}
