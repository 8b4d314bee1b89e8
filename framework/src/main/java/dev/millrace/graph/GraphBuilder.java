package dev.millrace.graph;

import dev.millrace.annotation.Dedupe;
import dev.millrace.annotation.MaterializedView;
import dev.millrace.annotation.StreamingTable;
import dev.millrace.annotation.TableProperty;
import dev.millrace.annotation.Watermark;
import dev.millrace.config.DedupeSettings;
import dev.millrace.config.Durations;
import dev.millrace.config.PipelineConfig;
import dev.millrace.config.ResolvedTableSettings;
import dev.millrace.config.TableSettings;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.errors.MillraceException;
import dev.millrace.errors.PipelineDefinitionException;
import dev.millrace.errors.Suggestions;
import dev.millrace.graph.internal.RecordingContext;
import dev.millrace.graph.internal.StreamingRules;
import dev.millrace.graph.internal.TableNames;
import dev.millrace.plan.Deduplicate;
import dev.millrace.plan.EventTimeWatermark;
import dev.millrace.plan.FileSource;
import dev.millrace.plan.LogicalPlan;
import dev.millrace.plan.Plans;
import dev.millrace.plan.TableRead;
import dev.millrace.plan.internal.Analyzer;
import dev.millrace.streaming.OutputMode;
import dev.millrace.types.Schema;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jgrapht.Graph;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.alg.cycle.TarjanSimpleCycles;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.traverse.TopologicalOrderIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and validates a pipeline's graph from objects whose methods are annotated with {@link StreamingTable} or
 * {@link MaterializedView}. Each such method is invoked once with a recording {@link PipelineContext}; the returned
 * plans give the tables and the edges between them; then the builder checks the graph (unknown and duplicate
 * tables, cycles), analyzes each table in dependency order (columns, types, the table's watermark and
 * de-duplication settings, the rules of streaming output modes) and checks the YAML's table entries. Every problem
 * found is reported at once in one {@link PipelineDefinitionException}, each naming the table, the method that
 * defines it, and the fix.
 *
 * <p>Not thread-safe; use one builder per build.
 */
public final class GraphBuilder {

  private static final Logger log = LoggerFactory.getLogger(GraphBuilder.class);

  private final PipelineConfig config;
  private final List<Object> pipelines = new ArrayList<>();

  private GraphBuilder(PipelineConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** A builder for a pipeline configured by {@code config}. */
  public static GraphBuilder create(PipelineConfig config) {
    return new GraphBuilder(config);
  }

  /** Adds an object whose annotated methods define tables (a {@code @Pipeline} class instance). */
  public GraphBuilder add(Object pipeline) {
    pipelines.add(Objects.requireNonNull(pipeline, "pipeline"));
    return this;
  }

  /**
   * The validated graph.
   *
   * @throws PipelineDefinitionException listing every problem found, YAML entries for tables that do not exist
   *     included (with their file and line)
   */
  public PipelineGraph build() {
    var problems = new ArrayList<String>();
    var context = new RecordingContext(config.pipeline().name(), config.pipeline().configuration(),
        config.source());

    // 1. Invoke every table method.
    var byName = new LinkedHashMap<String, List<TableDefinition>>();
    var failed = new LinkedHashSet<String>(); // defined by a method that failed, reported already
    for (Object pipeline : pipelines) {
      for (Method method : tableMethods(userClass(pipeline.getClass()), problems)) {
        Optional<TableDefinition> definition = define(pipeline, method, context, problems);
        if (definition.isPresent()) {
          byName.computeIfAbsent(definition.get().name(), k -> new ArrayList<>()).add(definition.get());
        } else {
          failed.add(tableName(method));
        }
      }
    }
    if (byName.isEmpty() && problems.isEmpty()) {
      problems.add("no tables are defined. Annotate public methods returning Dataset with @StreamingTable or "
          + "@MaterializedView in a @Pipeline class" + (pipelines.isEmpty() ? " (no pipeline objects were given)"
          : " (looked in " + pipelines.stream().map(p -> userClass(p.getClass()).getSimpleName())
          .collect(Collectors.joining(", ")) + ")"));
    }

    // 2. Duplicate names.
    var definitions = new TreeMap<String, TableDefinition>();
    byName.forEach((name, defs) -> {
      if (defs.size() > 1) {
        problems.add("table '" + name + "' is defined more than once: by " + defs.stream()
            .map(TableDefinition::origin).collect(Collectors.joining(" and ")) + ". Table names must be unique in a "
            + "pipeline; give one a different name with @StreamingTable(name = \"...\") or "
            + "@MaterializedView(name = \"...\")");
      }
      definitions.put(name, defs.get(0));
    });

    // 3. Edges; unknown tables.
    Graph<String, DefaultEdge> dag = new DefaultDirectedGraph<>(DefaultEdge.class);
    definitions.keySet().forEach(dag::addVertex);
    var inputs = new HashMap<String, List<Edge>>();
    var brokenInputs = new LinkedHashSet<String>();
    for (TableDefinition def : definitions.values()) {
      var edges = new ArrayList<Edge>();
      for (TableRead read : Plans.collect(def.plan(), TableRead.class)) {
        if (failed.contains(read.table())) {
          brokenInputs.add(def.name());
          continue;
        }
        if (!definitions.containsKey(read.table())) {
          problems.add(def.label() + " reads '" + read.table() + "', which is not defined."
              + Suggestions.didYouMean(read.table(), definitions.keySet()) + " Defined tables: "
              + String.join(", ", definitions.keySet()));
          brokenInputs.add(def.name());
          continue;
        }
        var edge = new Edge(read.table(), def.name(), read.streaming());
        if (!edges.contains(edge)) {
          edges.add(edge);
        }
        dag.addEdge(read.table(), def.name());
      }
      inputs.put(def.name(), edges);
    }

    // 4. Cycles.
    if (new CycleDetector<>(dag).detectCycles()) {
      for (List<String> cycle : cycles(dag)) {
        var path = new ArrayList<>(cycle);
        path.add(cycle.get(0));
        problems.add("tables form a cycle: " + String.join(" -> ", path) + " (" + cycle.stream()
            .map(n -> definitions.get(n).origin()).collect(Collectors.joining(", ")) + "). Each arrow means 'is "
            + "read by'; a table cannot depend on itself, directly or through others. Remove one of these reads");
      }
      throw new PipelineDefinitionException(problems);
    }

    // 5. Analyze in dependency order.
    var order = new ArrayList<String>();
    new TopologicalOrderIterator<>(dag, Comparator.<String>naturalOrder()).forEachRemaining(order::add);
    var analyzed = new LinkedHashMap<String, AnalyzedTable>();
    for (String name : order) {
      TableDefinition def = definitions.get(name);
      boolean inputsOk = !brokenInputs.contains(name)
          && inputs.get(name).stream().allMatch(e -> analyzed.containsKey(e.upstream()));
      if (!inputsOk) {
        continue; // its inputs' problems are reported already
      }
      analyze(def, inputs.get(name), analyzed, problems).ifPresent(t -> analyzed.put(name, t));
    }

    // 6. The YAML's tables must exist.
    problems.addAll(config.undefinedTables(definitions.keySet()));
    if (!problems.isEmpty()) {
      throw new PipelineDefinitionException(problems);
    }
    var allEdges = new ArrayList<Edge>();
    for (String name : order) {
      allEdges.addAll(inputs.get(name));
    }
    return new PipelineGraph(config, List.copyOf(analyzed.values()), allEdges, dag);
  }

  // ---- discovery ----

  /** Spring may hand us a CGLIB subclass whose overriding methods carry no annotations. */
  private static Class<?> userClass(Class<?> type) {
    Class<?> c = type;
    while (c.getName().contains("$$") && c.getSuperclass() != null) {
      c = c.getSuperclass();
    }
    return c;
  }

  private static List<Method> tableMethods(Class<?> type, List<String> problems) {
    var found = new ArrayList<Method>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        boolean st = m.isAnnotationPresent(StreamingTable.class);
        boolean mv = m.isAnnotationPresent(MaterializedView.class);
        if (!st && !mv) {
          continue;
        }
        String origin = c.getSimpleName() + "." + m.getName();
        if (st && mv) {
          problems.add(origin + " is annotated both @StreamingTable and @MaterializedView; keep one");
          continue;
        }
        if (!Modifier.isPublic(m.getModifiers())) {
          problems.add(origin + " defines a table but is not public; make it public");
          continue;
        }
        if (!Dataset.class.equals(m.getReturnType())) {
          problems.add(origin + " defines a table but returns " + m.getReturnType().getSimpleName()
              + "; it must return " + Dataset.class.getName());
          continue;
        }
        boolean argsOk = m.getParameterCount() == 0
            || (m.getParameterCount() == 1 && m.getParameterTypes()[0].equals(PipelineContext.class));
        if (!argsOk) {
          problems.add(origin + " defines a table but takes (" + java.util.Arrays.stream(m.getParameterTypes())
              .map(Class::getSimpleName).collect(Collectors.joining(", ")) + "); it must take nothing or one "
              + "PipelineContext");
          continue;
        }
        if (found.stream().noneMatch(f -> f.getName().equals(m.getName())
            && java.util.Arrays.equals(f.getParameterTypes(), m.getParameterTypes()))) {
          found.add(m); // a subclass's override hides its superclass's method
        }
      }
    }
    found.sort(Comparator.comparing(Method::getName));
    return found;
  }

  private Optional<TableDefinition> define(Object pipeline, Method method, PipelineContext context,
      List<String> problems) {
    String origin = method.getDeclaringClass().getSimpleName() + "." + method.getName();
    StreamingTable st = method.getAnnotation(StreamingTable.class);
    MaterializedView mv = method.getAnnotation(MaterializedView.class);
    String name = tableName(method);
    String label = "table '" + name + "' (" + origin + ")";
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      problems.add(label + ": '" + name + "' is not a valid table name; use letters, digits and underscores, "
          + "starting with a letter or underscore");
      return Optional.empty();
    }
    TableSettings settings;
    try {
      settings = annotationSettings(method, st, mv);
    } catch (IllegalArgumentException e) {
      problems.add(label + ": " + e.getMessage());
      return Optional.empty();
    }
    Object result;
    try {
      method.setAccessible(true);
      result = method.getParameterCount() == 0 ? method.invoke(pipeline) : method.invoke(pipeline, context);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      problems.add(label + " failed while defining its query: " + (cause instanceof MillraceException
          || cause instanceof IllegalArgumentException ? cause.getMessage()
          : cause.getClass().getName() + ": " + cause.getMessage()));
      return Optional.empty();
    } catch (IllegalAccessException e) {
      problems.add(label + " cannot be called: " + e.getMessage() + ". Make the class and method public");
      return Optional.empty();
    }
    if (result == null) {
      problems.add(label + " returned null; it must return the Dataset that defines the table");
      return Optional.empty();
    }
    var properties = new LinkedHashMap<String, String>();
    for (TableProperty p : st != null ? st.properties() : mv.properties()) {
      properties.put(p.key(), p.value());
    }
    TableKind kind = st != null ? TableKind.STREAMING_TABLE : TableKind.MATERIALIZED_VIEW;
    return Optional.of(new TableDefinition(name, kind, origin, ((Dataset) result).plan(), settings, properties));
  }

  private static String tableName(Method method) {
    StreamingTable st = method.getAnnotation(StreamingTable.class);
    String explicit = st != null ? st.name() : method.getAnnotation(MaterializedView.class).name();
    return explicit.isBlank() ? TableNames.snakeCase(method.getName()) : explicit.strip();
  }

  private static TableSettings annotationSettings(Method method, StreamingTable st, MaterializedView mv) {
    TableSettings s = TableSettings.EMPTY;
    String comment = st != null ? st.comment() : mv.comment();
    if (!comment.isBlank()) {
      s = s.withComment(comment);
    }
    if (st != null) {
      s = s.withOutputMode(st.outputMode());
    }
    Watermark w = method.getAnnotation(Watermark.class);
    if (w != null) {
      try {
        s = s.withWatermark(w.column(), Durations.parse(w.delay()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("@Watermark(delay = \"" + w.delay() + "\"): " + e.getMessage(), e);
      }
    }
    Dedupe d = method.getAnnotation(Dedupe.class);
    if (d != null) {
      s = s.withDedupe(DedupeSettings.of(d.keys()));
    }
    return s;
  }

  private static List<List<String>> cycles(Graph<String, DefaultEdge> dag) {
    var found = new ArrayList<List<String>>();
    new TarjanSimpleCycles<>(dag).findSimpleCycles(cycle -> {
      // Start each cycle at its smallest name so the message is stable.
      int start = cycle.indexOf(cycle.stream().min(Comparator.naturalOrder()).orElseThrow());
      var rotated = new ArrayList<String>();
      for (int i = 0; i < cycle.size(); i++) {
        rotated.add(cycle.get((start + i) % cycle.size()));
      }
      found.add(rotated);
    });
    found.sort(Comparator.comparing(List::toString));
    return found;
  }

  // ---- analysis ----

  private Optional<AnalyzedTable> analyze(TableDefinition def, List<Edge> edges, Map<String, AnalyzedTable> analyzed,
      List<String> problems) {
    ResolvedTableSettings settings;
    try {
      settings = config.effectiveSettings(def.name(), def.annotationSettings());
    } catch (RuntimeException e) {
      problems.add(def.label() + ": " + e.getMessage());
      return Optional.empty();
    }
    int before = problems.size();
    for (Edge e : edges) {
      AnalyzedTable upstream = analyzed.get(e.upstream());
      if (e.streaming() && upstream.kind() == TableKind.MATERIALIZED_VIEW) {
        problems.add(def.label() + " reads '" + e.upstream() + "' with ctx.readStream, but '" + e.upstream()
            + "' is a materialized view, which is recomputed, not appended to. Read it with ctx.read(\""
            + e.upstream() + "\"), or define '" + e.upstream() + "' as an append-mode @StreamingTable");
      } else if (e.streaming() && upstream.settings().outputMode() != OutputMode.APPEND) {
        problems.add(def.label() + " reads '" + e.upstream() + "' with ctx.readStream, but '" + e.upstream()
            + "' is a streaming table in " + upstream.settings().outputMode().name().toLowerCase() + " mode, whose "
            + "rows change. Only append-mode tables can be read as a stream; read it with ctx.read(\""
            + e.upstream() + "\") instead");
      }
    }
    boolean streaming = def.plan().isStreaming();
    if (def.kind() == TableKind.STREAMING_TABLE && !streaming) {
      problems.add(def.label() + " is a @StreamingTable but reads no stream. Read its input with "
          + "ctx.readStream(...), or make it a @MaterializedView");
    }
    if (def.kind() == TableKind.MATERIALIZED_VIEW && streaming) {
      problems.add(def.label() + " is a @MaterializedView but reads a stream. A materialized view is recomputed "
          + "from snapshots: use ctx.read(...), or make it a @StreamingTable");
    }
    if (def.kind() == TableKind.MATERIALIZED_VIEW
        && (settings.watermark().isPresent() || settings.dedupe().isPresent())) {
      problems.add(def.label() + " is a materialized view, which has no streaming input for a watermark or "
          + "dedupe setting to apply to. Remove the setting, or make it a @StreamingTable");
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    var analyzer = new Analyzer(table -> Optional.ofNullable(analyzed.get(table)).map(AnalyzedTable::schema));
    try {
      LogicalPlan plan = applyInputSettings(def, settings, analyzer);
      LogicalPlan resolved = analyzer.analyze(plan);
      for (String problem : StreamingRules.check(resolved, settings.outputMode(), def.kind())) {
        problems.add(def.label() + ": " + problem);
      }
      if (problems.size() > before) {
        return Optional.empty();
      }
      if (settings.dedupe().isPresent() && settings.watermark().isEmpty()) {
        log.warn("[table {}] dedupe on {} without a watermark keeps every key in state forever; add a watermark "
            + "so keys can be forgotten", def.name(), settings.dedupe().get().keys());
      }
      return Optional.of(new AnalyzedTable(def, resolved, settings, edges));
    } catch (MillraceException e) {
      problems.add(def.label() + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Puts the table's watermark (then its de-duplication) on each streaming input that has the columns, as
   * {@code @Watermark}/{@code @Dedupe} and the YAML promise: "applied to the table's streaming inputs".
   */
  private LogicalPlan applyInputSettings(TableDefinition def, ResolvedTableSettings settings, Analyzer analyzer) {
    if (settings.watermark().isEmpty() && settings.dedupe().isEmpty()) {
      return def.plan();
    }
    var streamingInputs = new ArrayList<String>();
    boolean[] watermarked = {false};
    boolean[] deduped = {false};
    LogicalPlan rewritten = rewriteLeaves(def.plan(), leaf -> {
      if (!leaf.isStreaming()) {
        return leaf;
      }
      Schema schema = analyzer.analyze(leaf).schema();
      streamingInputs.add(leafName(leaf) + " (" + String.join(", ", schema.names()) + ")");
      LogicalPlan p = leaf;
      if (settings.watermark().isPresent() && schema.indexOf(settings.watermark().get().column()) >= 0) {
        p = new EventTimeWatermark(Plans.nextId(), settings.watermark().get().column(),
            settings.watermark().get().delay(), p);
        watermarked[0] = true;
      }
      if (settings.dedupe().isPresent() && settings.dedupe().get().keys().stream().allMatch(k -> schema.indexOf(k) >= 0)) {
        p = new Deduplicate(Plans.nextId(), settings.dedupe().get().keys(), settings.watermark().isPresent(), p);
        deduped[0] = true;
      }
      return p;
    });
    if (settings.watermark().isPresent() && !watermarked[0]) {
      throw new MillraceException("the watermark column '" + settings.watermark().get().column() + "' is not a "
          + "column of any streaming input of the table; streaming inputs: " + String.join("; ", streamingInputs)
          + ". Fix the column in @Watermark or in tables." + def.name() + ".watermark of " + config.source());
    }
    if (settings.dedupe().isPresent() && !deduped[0]) {
      throw new MillraceException("the dedupe keys " + settings.dedupe().get().keys() + " are not all columns of "
          + "a streaming input of the table; streaming inputs: " + String.join("; ", streamingInputs)
          + ". Fix the keys in @Dedupe or in tables." + def.name() + ".dedupe of " + config.source());
    }
    return rewritten;
  }

  private static String leafName(LogicalPlan leaf) {
    if (leaf instanceof TableRead r) {
      return r.table();
    }
    if (leaf instanceof FileSource s) {
      return s.format() + " files in " + s.path();
    }
    return leaf.describe();
  }

  private static LogicalPlan rewriteLeaves(LogicalPlan plan, java.util.function.UnaryOperator<LogicalPlan> f) {
    if (plan.children().isEmpty()) {
      return f.apply(plan);
    }
    return plan.withChildren(plan.children().stream().map(c -> rewriteLeaves(c, f)).toList());
  }
}
