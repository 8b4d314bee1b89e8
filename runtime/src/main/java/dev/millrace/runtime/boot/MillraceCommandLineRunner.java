package dev.millrace.runtime.boot;

import dev.millrace.config.PipelineConfig;
import dev.millrace.errors.MillraceException;
import dev.millrace.graph.PipelineGraph;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import dev.millrace.graph.AnalyzedTable;
import dev.millrace.runtime.checkpoint.Checkpoint;
import dev.millrace.runtime.engine.PipelineRunner;
import dev.millrace.runtime.engine.RunResult;
import dev.millrace.runtime.engine.RunSummary;
import dev.millrace.runtime.engine.progress.ConsoleProgress;
import dev.millrace.runtime.engine.progress.PipelineListener;
import dev.millrace.runtime.operator.Values;
import dev.millrace.runtime.table.DuckDbTableStore;
import dev.millrace.runtime.table.QueryResult;
import dev.millrace.runtime.table.TableStore;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The Millrace command line, run from the application's arguments on startup:
 * {@code <command> [--config FILE] [--conf key=value ...]}, like Spark's {@code spark-pipelines}. The exit code
 * (0 success, 1 invalid pipeline or configuration, 2 bad usage, 3 an internal error) is reported through
 * {@link ExitCodeGenerator}, so {@code System.exit(SpringApplication.exit(context))} passes it on. With no command
 * it prints the usage (set {@code millrace.runner.enabled=false} in tests of an application to avoid it).
 *
 * <p>Arguments that are Spring Boot properties (any {@code --key[=value]} whose key has a dot, such as
 * {@code --spring.main.banner-mode=off} or {@code --millrace.config=x.yaml}, and {@code --debug}, {@code --trace})
 * are left to Spring.
 */
public class MillraceCommandLineRunner implements ApplicationRunner, ExitCodeGenerator {

  /** Exit code of an invalid pipeline or configuration. */
  public static final int INVALID = 1;
  /** Exit code of an unexpected failure inside Millrace, as opposed to a problem of the pipeline. */
  public static final int INTERNAL_ERROR = 3;

  private final PipelineRegistry registry;
  private final MillraceProperties properties;
  private final PrintWriter out;
  private final PrintWriter err;
  private final PipelineExecution execution;
  private volatile int exitCode;

  /** A runner whose runs have no listeners but the console's (no Spring context around it). */
  public MillraceCommandLineRunner(PipelineRegistry registry, MillraceProperties properties, PrintStream out,
      PrintStream err) {
    this(registry, properties, out, err, new PipelineExecution(List::of, properties.runner().shutdownTimeout()));
  }

  /** @param execution runs the pipeline for {@code run} (with the application's listeners) */
  public MillraceCommandLineRunner(PipelineRegistry registry, MillraceProperties properties, PrintStream out,
      PrintStream err, PipelineExecution execution) {
    this.registry = registry;
    this.properties = properties;
    this.out = new PrintWriter(out, true, StandardCharsets.UTF_8);
    this.err = new PrintWriter(err, true, StandardCharsets.UTF_8);
    this.execution = execution;
  }

  @Override
  public void run(ApplicationArguments args) {
    exitCode = execute(args.getSourceArgs());
  }

  /** Runs one command line and returns its exit code. */
  public int execute(String... args) {
    String[] ours = Arrays.stream(args).filter(a -> !isSpringArgument(a)).toArray(String[]::new);
    var commandLine = new CommandLine(new Root(this))
        .setOut(out)
        .setErr(err)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((e, cl, parsed) -> {
          if (e instanceof MillraceException) {
            err.println(e.getMessage());
            return INVALID;
          }
          err.println("Internal error in Millrace (please report it with this trace): " + e);
          e.printStackTrace(err);
          return INTERNAL_ERROR;
        });
    if (ours.length == 0) {
      commandLine.usage(out);
      return 0;
    }
    int code = commandLine.execute(ours);
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public int getExitCode() {
    return exitCode;
  }

  /**
   * Spring Boot takes {@code --key=value} arguments as properties; Millrace's own options have no dot in their
   * names, so any {@code --key} with a dot is Spring's, as are {@code --debug} and {@code --trace}.
   */
  static boolean isSpringArgument(String arg) {
    if (!arg.startsWith("--")) {
      return false;
    }
    int eq = arg.indexOf('=');
    String key = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
    return key.contains(".") || key.equals("debug") || key.equals("trace");
  }

  PipelineConfig loadConfig(Path configOption, Map<String, String> confOptions) {
    return loadConfig(properties, configOption, confOptions);
  }

  /**
   * Whether {@code args} are a {@code run --serve} command line: the application then keeps running, with its web
   * server if it has one, after the command returns.
   */
  public static boolean isServeCommand(String... args) {
    List<String> ours = Arrays.stream(args).filter(a -> !isSpringArgument(a)).toList();
    return !ours.isEmpty() && ours.get(0).equals("run") && ours.stream().anyMatch(a -> a.equals("--serve")
        || a.equals("--serve=true"));
  }

  /**
   * The pipeline configuration: {@code configOption} or else {@code millrace.config} (none: the built-in defaults),
   * with the {@code millrace.conf} entries and then {@code confOptions} over its configuration map.
   */
  static PipelineConfig loadConfig(MillraceProperties properties, Path configOption,
      Map<String, String> confOptions) {
    var overrides = new LinkedHashMap<>(properties.conf());
    overrides.putAll(confOptions);
    Path file = configOption != null ? configOption
        : properties.config() != null && !properties.config().isBlank() ? Path.of(properties.config()) : null;
    return file == null ? PipelineConfig.defaults(overrides) : PipelineConfig.load(file, overrides);
  }

  @Command(name = "millrace", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "Runs and inspects Millrace pipelines.",
      subcommands = {RunCommand.class, Validate.class, GraphCommand.class, TablesCommand.class, QueryCommand.class,
          CommandLine.HelpCommand.class})
  static final class Root {
    final MillraceCommandLineRunner runner;

    @Option(names = "--config", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
        description = "The pipeline YAML file (default: the millrace.config property).")
    Path config;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", scope = CommandLine.ScopeType.INHERIT,
        description = "Overrides an entry of the YAML's configuration map; repeatable.")
    Map<String, String> conf = new LinkedHashMap<>();

    Root(MillraceCommandLineRunner runner) {
      this.runner = runner;
    }

    PipelineGraph graph() {
      return runner.registry.buildGraph(runner.loadConfig(config, conf));
    }

    PipelineConfig config() {
      return runner.loadConfig(config, conf);
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Updates the pipeline's tables with the configured trigger (default available-now: process "
          + "everything there is, then stop) and prints a summary. Exits 1 if a table failed.")
  static final class RunCommand implements Callable<Integer> {
    @ParentCommand
    Root root;

    @Option(names = "--full-refresh", split = ",", paramLabel = "TABLE",
        description = "Clears these tables' data and checkpoints first and recomputes them (comma-separated).")
    List<String> fullRefresh = new ArrayList<>();

    @Option(names = "--full-refresh-all", description = "Clears every table first and recomputes the pipeline.")
    boolean fullRefreshAll;

    @Option(names = "--serve", description = "Runs the pipeline in the background and keeps the application "
        + "running, serving the live page (/millrace) and Actuator (/actuator/millrace, /actuator/health, "
        + "/actuator/prometheus), until it is stopped (Ctrl-C, SIGTERM: the batches in flight finish first).")
    boolean serve;

    @Option(names = "--no-progress", description = "No progress lines on the console during the run.")
    boolean noProgress;

    @Override
    public Integer call() {
      PipelineGraph graph = root.graph();
      Set<String> refresh = fullRefreshAll ? PipelineRunner.ALL_TABLES : new LinkedHashSet<>(fullRefresh);
      PrintWriter out = root.runner.out;
      PipelineExecution execution = root.runner.execution;
      var extra = new ArrayList<PipelineListener>();
      if (!noProgress) {
        extra.add(ConsoleProgress.forConsole(out, ConsoleProgress.isTerminal()));
      }
      if (serve) {
        execution.start(graph, refresh, extra, result -> {
          out.print(RunSummary.format(result, "./millrace query"));
          out.println("\nStill serving (live page /millrace, Actuator /actuator/millrace); stop with Ctrl-C.");
          out.flush();
        }, e -> {
          root.runner.err.println(e instanceof MillraceException ? e.getMessage()
              : "Internal error in Millrace (please report it with this trace): " + e);
          if (!(e instanceof MillraceException)) {
            e.printStackTrace(root.runner.err);
          }
          root.runner.err.flush();
        });
        out.println("Running pipeline '" + graph.config().pipeline().name() + "' in the background with trigger "
            + graph.config().pipeline().trigger().mode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
            + "; serving its live page at /millrace and Actuator at /actuator/millrace. Stop with Ctrl-C.");
        out.flush();
        return 0;
      }
      // Outside a Spring context (or if its shutdown hook is off), a JVM hook still stops the run gracefully.
      Thread hook = new Thread(execution::stopGracefully, "millrace-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      RunResult result;
      try {
        result = execution.run(graph, refresh, extra, r -> {
          out.print(RunSummary.format(r, "./millrace query"));
          out.flush();
        });
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the JVM is exiting; the hook has run
        }
      }
      return result.succeeded() ? 0 : INVALID;
    }
  }

  @Command(name = "tables", mixinStandardHelpOptions = true,
      description = "Lists the pipeline's tables with their kind, row count, last batch and watermark.")
  static final class TablesCommand implements Callable<Integer> {
    @ParentCommand
    Root root;

    @Override
    public Integer call() {
      PipelineGraph graph = root.graph();
      Path warehouse = Path.of(graph.config().pipeline().warehouse());
      Path storage = Path.of(graph.config().pipeline().storage());
      var rows = new ArrayList<List<String>>();
      try (TableStore store = Files.exists(warehouse) ? DuckDbTableStore.openReadOnly(warehouse) : null) {
        for (AnalyzedTable t : graph.tables()) {
          boolean exists = store != null && store.exists(t.name());
          String watermark = new Checkpoint(storage.resolve("checkpoints").resolve(t.name())).lastCommit()
              .filter(c -> c.nextWatermarkMicros() != Long.MIN_VALUE)
              .map(c -> Values.timestampText(c.nextWatermarkMicros())).orElse("-");
          rows.add(List.of(t.name(), t.kind().label(), exists ? Long.toString(store.rowCount(t.name())) : "-",
              exists ? store.lastCommittedBatch(t.name()).stream().mapToObj(Long::toString).findFirst().orElse("-")
                  : "-", watermark));
        }
      }
      root.runner.out.print(RunSummary.table(List.of("table", "kind", "rows", "last batch", "watermark"), rows, 2));
      if (!Files.exists(warehouse)) {
        root.runner.out.println("\nThe warehouse " + warehouse + " does not exist yet: run the pipeline first.");
      }
      return 0;
    }
  }

  /** Output formats of {@code query}. */
  enum QueryFormat { TABLE, CSV, JSON }

  @Command(name = "query", mixinStandardHelpOptions = true,
      description = "Runs a read-only SQL query on the warehouse (DuckDB SQL) and prints the result. The warehouse "
          + "is locked while a pipeline runs.")
  static final class QueryCommand implements Callable<Integer> {
    @ParentCommand
    Root root;

    @picocli.CommandLine.Parameters(index = "0", paramLabel = "SQL", description = "The query, e.g. \"SELECT count(*) "
        + "FROM raw_events\".")
    String sql;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
        description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    QueryFormat format;

    @Override
    public Integer call() {
      PipelineConfig config = root.config();
      Path warehouse = Path.of(config.pipeline().warehouse());
      QueryResult result;
      try (TableStore store = DuckDbTableStore.openReadOnly(warehouse)) {
        result = store.query(sql);
      }
      root.runner.out.print(QueryOutput.format(result, format.name()));
      return 0;
    }
  }

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = "Builds and checks the pipeline graph without touching data, and prints every table with its "
          + "inputs, schema and effective settings. Exits 1 with every problem found.")
  static final class Validate implements Callable<Integer> {
    @ParentCommand
    Root root;

    @Override
    public Integer call() {
      PipelineGraph graph = root.graph();
      root.runner.out.print(graph.describe());
      root.runner.out.println();
      root.runner.out.println("The pipeline is valid.");
      return 0;
    }
  }

  /** Output formats of {@code graph}. */
  enum GraphFormat { TEXT, MERMAID, BOTH }

  @Command(name = "graph", mixinStandardHelpOptions = true,
      description = "Prints the table graph as text and as a Mermaid flowchart.")
  static final class GraphCommand implements Callable<Integer> {
    @ParentCommand
    Root root;

    @Option(names = "--format", defaultValue = "both", paramLabel = "FORMAT",
        description = "text, mermaid or both (default: ${DEFAULT-VALUE}).")
    GraphFormat format;

    @Override
    public Integer call() {
      PipelineGraph graph = root.graph();
      PrintWriter out = root.runner.out;
      if (format != GraphFormat.MERMAID) {
        out.print(graph.toText());
      }
      if (format == GraphFormat.BOTH) {
        out.println();
      }
      if (format != GraphFormat.TEXT) {
        out.print(graph.toMermaid());
      }
      return 0;
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = MillraceCommandLineRunner.class.getPackage().getImplementationVersion();
      return new String[] {"Millrace " + (v == null ? "(development build)" : v)};
    }
  }
}
