package dev.millrace.runtime.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.context.support.GenericApplicationContext;

class MillraceCommandLineRunnerTest {

  /** What the command line prints with no command, {@code help} and {@code --help}. */
  private static final String USAGE = """
      Usage: millrace [-hV] [--config=FILE] [--conf=KEY=VALUE]... [COMMAND]
      Runs and inspects Millrace pipelines.
            --conf=KEY=VALUE   Overrides an entry of the YAML's configuration map;
                                 repeatable.
            --config=FILE      The pipeline YAML file (default: the millrace.config
                                 property).
        -h, --help             Show this help message and exit.
        -V, --version          Print version information and exit.
      Commands:
        run       Updates the pipeline's tables with the configured trigger (default
                    available-now: process everything there is, then stop) and prints
                    a summary. Exits 1 if a table failed.
        validate  Builds and checks the pipeline graph without touching data, and
                    prints every table with its inputs, schema and effective
                    settings. Exits 1 with every problem found.
        graph     Prints the table graph as text and as a Mermaid flowchart.
        tables    Lists the pipeline's tables with their kind, row count, last batch
                    and watermark.
        query     Runs a read-only SQL query on the warehouse (DuckDB SQL) and prints
                    the result. The warehouse is locked while a pipeline runs.
        help      Display help information about the specified command.
      """;

  private static final String VALIDATE_USAGE = """
      Usage: millrace validate [-hV] [--config=FILE] [--conf=KEY=VALUE]...
      Builds and checks the pipeline graph without touching data, and prints every
      table with its inputs, schema and effective settings. Exits 1 with every
      problem found.
            --conf=KEY=VALUE   Overrides an entry of the YAML's configuration map;
                                 repeatable.
            --config=FILE      The pipeline YAML file (default: the millrace.config
                                 property).
        -h, --help             Show this help message and exit.
        -V, --version          Print version information and exit.
      """;

  private static final String GRAPH_USAGE = """
      Usage: millrace graph [-hV] [--config=FILE] [--format=FORMAT]
                            [--conf=KEY=VALUE]...
      Prints the table graph as text and as a Mermaid flowchart.
            --conf=KEY=VALUE   Overrides an entry of the YAML's configuration map;
                                 repeatable.
            --config=FILE      The pipeline YAML file (default: the millrace.config
                                 property).
            --format=FORMAT    text, mermaid or both (default: both).
        -h, --help             Show this help message and exit.
        -V, --version          Print version information and exit.
      """;

  private static final MillraceProperties NO_PROPERTIES = new MillraceProperties(null, null, null);
  private static final MillraceProperties LANDING =
      new MillraceProperties(null, Map.of("landing", "/data/landing"), null);

  private static final String CLICKS_TEXT = """
      raw_events [streaming table]
      events_clean [streaming table] <- raw_events
      page_views [materialized view] <- events_clean (snapshot)
      """;

  private static final String CLICKS_MERMAID = """
      flowchart LR
        raw_events["raw_events<br/><i>streaming table</i>"]
        events_clean["events_clean<br/><i>streaming table</i>"]
        page_views("page_views<br/><i>materialized view</i>")
        raw_events --> events_clean
        events_clean -.-> page_views
      """;

  @TempDir
  Path dir;

  private record Result(int exitCode, String out, String err) {}

  /** Runs one command line against a context holding {@code pipeline}, as the auto-configuration wires it. */
  private static Result execute(Class<?> pipeline, MillraceProperties properties, String... args) {
    try (var context = new GenericApplicationContext()) {
      context.registerBean(pipeline);
      context.registerBean(PipelineRegistry.class, () -> new PipelineRegistry(context));
      context.refresh();
      var out = new ByteArrayOutputStream();
      var err = new ByteArrayOutputStream();
      var runner = new MillraceCommandLineRunner(context.getBean(PipelineRegistry.class), properties,
          new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
      int exitCode = runner.execute(args);
      return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
  }

  /** What {@code validate} prints for {@link BootTestPipelines.Clicks}. */
  private static String clicksDescription(String pipelineName, String landing) {
    return """
        Pipeline '%s': 3 tables, 2 edges

        raw_events  streaming table (append)  defined by Clicks.rawEvents
          comment:    Raw clicks
          reads:      json files in %s/events (stream)
          schema:     event_id STRING, page STRING, amount DOUBLE, _corrupt_record STRING

        events_clean  streaming table (append)  defined by Clicks.eventsClean
          reads:      raw_events (stream)
          schema:     event_id STRING, page STRING, amount DOUBLE, _corrupt_record STRING

        page_views  materialized view  defined by Clicks.pageViews
          reads:      events_clean (snapshot)
          schema:     page STRING, views LONG NOT NULL

        The pipeline is valid.
        """.formatted(pipelineName, landing);
  }

  private Path write(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }

  // ---- validate ----

  @Test
  void validatePrintsEveryTableWithItsKindAndInputsAndExitsWithZero() {
    Result result = execute(BootTestPipelines.Clicks.class, LANDING, "validate");

    assertThat(result.out()).isEqualTo(clicksDescription("pipeline", "/data/landing"));
    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void validateExitsWithOneAndNamesTheCycle() {
    Result result = execute(BootTestPipelines.Cycle.class, NO_PROPERTIES, "validate");

    assertThat(result.err()).isEqualTo("Invalid pipeline: tables form a cycle: a -> b -> c -> a (Cycle.a, Cycle.b, "
        + "Cycle.c). Each arrow means 'is read by'; a table cannot depend on itself, directly or through others. "
        + "Remove one of these reads\n");
    assertThat(result.out()).isEmpty();
    assertThat(result.exitCode()).isEqualTo(1);
  }

  @Test
  void validateExitsWithOneAndSuggestsTheTableMeantByATypo() {
    Result result = execute(BootTestPipelines.TypoInTableName.class, NO_PROPERTIES, "validate");

    assertThat(result.err()).isEqualTo("Invalid pipeline: table 'events_clean' (TypoInTableName.eventsClean) reads "
        + "'raw_event', which is not defined. Did you mean 'raw_events'? Defined tables: events_clean, raw_events\n");
    assertThat(result.out()).isEmpty();
    assertThat(result.exitCode()).isEqualTo(1);
  }

  @Test
  void validateExitsWithOneWhenAConfigurationEntryIsMissing() {
    Result result = execute(BootTestPipelines.Clicks.class, NO_PROPERTIES, "validate");

    assertThat(result.err()).isEqualTo("Invalid pipeline: table 'raw_events' (Clicks.rawEvents) failed while "
        + "defining its query: The configuration entry 'landing' is not set. Set it under pipeline.configuration in "
        + "<no config file>, or pass --conf landing=... on the command line. There are no entries.\n");
    assertThat(result.exitCode()).isEqualTo(1);
  }

  @Test
  void validateReportsAnUnknownYamlKeyWithItsFileAndLine() throws IOException {
    Path yaml = write("clicks.yaml", """
        pipeline:
          name: clicks
          configuration: { landing: /in }
        tables:
          events_clean:
            partitons: 2
        """);

    Result result = execute(BootTestPipelines.Clicks.class, NO_PROPERTIES, "validate", "--config", yaml.toString());

    assertThat(result.err()).isEqualTo(yaml + ":6: unknown key 'partitons' in tables.events_clean; did you mean "
        + "'partitions'? Allowed keys: partitions, watermark, watermark-policy, dedupe, output-mode, state-store, "
        + "comment\n");
    assertThat(result.out()).isEmpty();
    assertThat(result.exitCode()).isEqualTo(1);
  }

  @Test
  void validateReportsAYamlEntryForATableThatDoesNotExistWithItsFileAndLine() throws IOException {
    Path yaml = write("clicks.yaml", """
        pipeline:
          configuration: { landing: /in }
        tables:
          events_clean:
            comment: Positive amounts
          page_view:
            comment: Views per page
        """);

    Result result = execute(BootTestPipelines.Clicks.class, NO_PROPERTIES, "validate", "--config", yaml.toString());

    assertThat(result.err()).isEqualTo("Invalid pipeline: " + yaml + ":6: tables.page_view: the pipeline defines no "
        + "table 'page_view'. Did you mean 'page_views'? Defined tables: events_clean, page_views, raw_events\n");
    assertThat(result.out()).isEmpty();
    assertThat(result.exitCode()).isEqualTo(1);
  }

  @Test
  void validateReportsAMissingConfigFile() {
    Path missing = dir.resolve("missing.yaml");

    Result result = execute(BootTestPipelines.Clicks.class, LANDING, "validate", "--config", missing.toString());

    assertThat(result.err()).isEqualTo(missing + ": no such file (looked at " + missing + ")\n");
    assertThat(result.exitCode()).isEqualTo(1);
  }

  // ---- configuration: --config, --conf and the millrace.* properties ----

  @Test
  void validateReadsTheFileOfTheMillraceConfigProperty() throws IOException {
    Path yaml = write("clicks.yaml", """
        pipeline:
          name: clicks
          configuration: { landing: /yaml/landing }
        """);

    Result result = execute(BootTestPipelines.Clicks.class, new MillraceProperties(yaml.toString(), null, null),
        "validate");

    assertThat(result.out()).isEqualTo(clicksDescription("clicks", "/yaml/landing"));
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void configOptionWinsOverTheMillraceConfigProperty() throws IOException {
    Path fromProperty = write("property.yaml", """
        pipeline:
          name: from_property
          configuration: { landing: /property/landing }
        """);
    Path fromOption = write("option.yaml", """
        pipeline:
          name: from_option
          configuration: { landing: /option/landing }
        """);

    Result result = execute(BootTestPipelines.Clicks.class,
        new MillraceProperties(fromProperty.toString(), null, null), "validate", "--config", fromOption.toString());

    assertThat(result.out()).isEqualTo(clicksDescription("from_option", "/option/landing"));
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void millraceConfPropertiesOverrideTheYamlConfiguration() throws IOException {
    Path yaml = write("clicks.yaml", """
        pipeline:
          name: clicks
          configuration: { landing: /yaml/landing }
        """);

    Result result = execute(BootTestPipelines.Clicks.class,
        new MillraceProperties(yaml.toString(), Map.of("landing", "/property/landing"), null), "validate");

    assertThat(result.out()).isEqualTo(clicksDescription("clicks", "/property/landing"));
  }

  @Test
  void confOptionOverridesTheYamlAndTheMillraceConfProperties() throws IOException {
    Path yaml = write("clicks.yaml", """
        pipeline:
          name: clicks
          configuration: { landing: /yaml/landing }
        """);

    Result result = execute(BootTestPipelines.Clicks.class,
        new MillraceProperties(yaml.toString(), Map.of("landing", "/property/landing"), null),
        "validate", "--conf", "landing=/cli/landing");

    assertThat(result.out()).isEqualTo(clicksDescription("clicks", "/cli/landing"));
    assertThat(result.out()).contains("  reads:      json files in /cli/landing/events (stream)\n");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void confOptionSetsAnEntryWithoutAConfigFile() {
    Result result = execute(BootTestPipelines.Clicks.class, NO_PROPERTIES, "validate", "--conf", "landing=/cli");

    assertThat(result.out()).isEqualTo(clicksDescription("pipeline", "/cli"));
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void optionsMayComeBeforeTheCommand() throws IOException {
    Path yaml = write("clicks.yaml", """
        pipeline:
          name: clicks
          configuration: { landing: /yaml/landing }
        """);

    Result result = execute(BootTestPipelines.Clicks.class, NO_PROPERTIES,
        "--config", yaml.toString(), "--conf", "landing=/cli/landing", "validate");

    assertThat(result.out()).isEqualTo(clicksDescription("clicks", "/cli/landing"));
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void theLastConfOptionForAKeyWins() {
    Result result = execute(BootTestPipelines.Clicks.class, NO_PROPERTIES,
        "validate", "--conf", "landing=/first", "--conf", "landing=/second");

    assertThat(result.out()).isEqualTo(clicksDescription("pipeline", "/second"));
  }

  @Test
  void confOptionWithoutAnEqualsSignIsAUsageError() {
    Result result = execute(BootTestPipelines.Clicks.class, NO_PROPERTIES, "validate", "--conf", "landing");

    // "option option" is picocli's wording.
    assertThat(result.err()).isEqualTo("Value for option option '--conf' (KEY=VALUE) should be in KEY=VALUE "
        + "format but was landing\n" + VALIDATE_USAGE);
    assertThat(result.out()).isEmpty();
    assertThat(result.exitCode()).isEqualTo(2);
  }

  // ---- graph ----

  @Test
  void graphPrintsMermaid() {
    Result result = execute(BootTestPipelines.Clicks.class, LANDING, "graph", "--format", "mermaid");

    assertThat(result.out()).isEqualTo(CLICKS_MERMAID);
    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void graphPrintsText() {
    Result result = execute(BootTestPipelines.Clicks.class, LANDING, "graph", "--format", "text");

    assertThat(result.out()).isEqualTo(CLICKS_TEXT);
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void graphPrintsTextThenMermaidByDefault() {
    Result result = execute(BootTestPipelines.Clicks.class, LANDING, "graph");

    assertThat(result.out()).isEqualTo(CLICKS_TEXT + "\n" + CLICKS_MERMAID);
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void graphFormatIsCaseInsensitive() {
    Result result = execute(BootTestPipelines.Clicks.class, LANDING, "graph", "--format", "MERMAID");

    assertThat(result.out()).isEqualTo(CLICKS_MERMAID);
  }

  @Test
  void graphRejectsAnUnknownFormat() {
    Result result = execute(BootTestPipelines.Clicks.class, LANDING, "graph", "--format", "svg");

    assertThat(result.err()).isEqualTo("Invalid value for option '--format': expected one of [TEXT, MERMAID, BOTH] "
        + "(case-insensitive) but was 'svg'\n" + GRAPH_USAGE);
    assertThat(result.out()).isEmpty();
    assertThat(result.exitCode()).isEqualTo(2);
  }

  @Test
  void graphExitsWithOneOnAnInvalidPipeline() {
    Result result = execute(BootTestPipelines.Cycle.class, NO_PROPERTIES, "graph", "--format", "text");

    assertThat(result.err()).startsWith("Invalid pipeline: tables form a cycle: a -> b -> c -> a ");
    assertThat(result.out()).isEmpty();
    assertThat(result.exitCode()).isEqualTo(1);
  }

  // ---- usage ----

  @Test
  void noArgumentsPrintTheUsageAndExitWithZero() {
    Result result = execute(BootTestPipelines.Clicks.class, LANDING);

    assertThat(result.out()).isEqualTo(USAGE);
    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void helpPrintsTheUsage() {
    Result result = execute(BootTestPipelines.Clicks.class, LANDING, "help");

    assertThat(result.out()).isEqualTo(USAGE);
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void helpOptionPrintsTheUsage() {
    Result result = execute(BootTestPipelines.Clicks.class, LANDING, "--help");

    assertThat(result.out()).isEqualTo(USAGE);
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void helpNamesACommandToPrintItsUsage() {
    Result result = execute(BootTestPipelines.Clicks.class, LANDING, "help", "validate");

    assertThat(result.out()).isEqualTo(VALIDATE_USAGE);
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void helpOptionOfACommandPrintsItsUsage() {
    Result result = execute(BootTestPipelines.Clicks.class, LANDING, "graph", "--help");

    assertThat(result.out()).isEqualTo(GRAPH_USAGE);
    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void versionOptionPrintsTheDevelopmentBuildOutsideAJar() {
    Result result = execute(BootTestPipelines.Clicks.class, LANDING, "--version");

    assertThat(result.out()).isEqualTo("Millrace (development build)\n");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void anUnknownCommandIsAUsageErrorThatExitsWithTwo() {
    Result result = execute(BootTestPipelines.Clicks.class, LANDING, "xyz");

    assertThat(result.err()).isEqualTo("Unmatched argument at index 0: 'xyz'\n" + USAGE);
    assertThat(result.out()).isEmpty();
    assertThat(result.exitCode()).isEqualTo(2);
  }

  @Test
  void aMisspeltCommandIsAUsageErrorWithASuggestion() {
    Result result = execute(BootTestPipelines.Clicks.class, LANDING, "valdiate");

    // picocli prints its suggestion instead of the usage.
    assertThat(result.err()).isEqualTo("Unmatched argument at index 0: 'valdiate'\nDid you mean: millrace validate?\n");
    assertThat(result.out()).isEmpty();
    assertThat(result.exitCode()).isEqualTo(2);
  }

  @Test
  void anUnknownOptionIsAUsageErrorThatExitsWithTwo() {
    Result result = execute(BootTestPipelines.Clicks.class, LANDING, "validate", "--strict");

    assertThat(result.err()).isEqualTo("Unknown option: '--strict'\n" + VALIDATE_USAGE);
    assertThat(result.out()).isEmpty();
    assertThat(result.exitCode()).isEqualTo(2);
  }

  @Test
  void anExtraArgumentIsAUsageErrorWithTheCommandsUsage() {
    Result result = execute(BootTestPipelines.Clicks.class, LANDING, "validate", "extra");

    assertThat(result.err()).isEqualTo("Unmatched argument at index 1: 'extra'\n" + VALIDATE_USAGE);
    assertThat(result.exitCode()).isEqualTo(2);
  }

  @Test
  void configOptionWithoutAFileIsAUsageError() {
    Result result = execute(BootTestPipelines.Clicks.class, LANDING, "--config");

    assertThat(result.err()).isEqualTo("Missing required parameter for option '--config' (FILE)\n" + USAGE);
    assertThat(result.exitCode()).isEqualTo(2);
  }

  // ---- Spring's arguments ----

  @Test
  void springArgumentsAreLeftToSpring() {
    Result result = execute(BootTestPipelines.Clicks.class, LANDING, "--spring.main.banner-mode=off", "validate",
        "--logging.level.root=WARN", "--millrace.conf.landing=/ignored", "--management.endpoints.enabled=false",
        "--server.port=0", "--debug", "--trace", "--myapp.greeting=hi", "--debug=true", "--trace=false");

    assertThat(result.out()).isEqualTo(clicksDescription("pipeline", "/data/landing"));
    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void runReportsTheExitCodeOfTheApplicationsArgumentsToSpringBoot() {
    try (var context = new GenericApplicationContext()) {
      context.registerBean(BootTestPipelines.Cycle.class);
      context.registerBean(PipelineRegistry.class, () -> new PipelineRegistry(context));
      context.refresh();
      var err = new ByteArrayOutputStream();
      var runner = new MillraceCommandLineRunner(context.getBean(PipelineRegistry.class), NO_PROPERTIES,
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(runner.getExitCode()).isZero();

      runner.run(new DefaultApplicationArguments("--spring.main.banner-mode=off", "validate"));

      assertThat(runner.getExitCode()).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Invalid pipeline: tables form a cycle: ");
    }
  }

  @Test
  void anUnexpectedFailureExitsWithThreeAndATrace() {
    try (var context = new GenericApplicationContext()) {
      context.refresh();
      var registry = new PipelineRegistry(context) {
        @Override
        public dev.millrace.graph.PipelineGraph buildGraph(dev.millrace.config.PipelineConfig config) {
          throw new IllegalStateException("boom");
        }
      };
      var err = new ByteArrayOutputStream();
      var runner = new MillraceCommandLineRunner(registry, NO_PROPERTIES,
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));

      int code = runner.execute("validate");

      assertThat(code).isEqualTo(MillraceCommandLineRunner.INTERNAL_ERROR).isEqualTo(3);
      assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Internal error in Millrace (please report it "
          + "with this trace): java.lang.IllegalStateException: boom\njava.lang.IllegalStateException: boom\n\tat ");
    }
  }

  @Test
  void onlySpringArgumentsPrintTheUsage() {
    Result result = execute(BootTestPipelines.Clicks.class, LANDING, "--spring.main.banner-mode=off");

    assertThat(result.out()).isEqualTo(USAGE);
    assertThat(result.exitCode()).isZero();
  }
}
