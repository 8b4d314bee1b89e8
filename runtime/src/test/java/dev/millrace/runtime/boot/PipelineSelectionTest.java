package dev.millrace.runtime.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.config.PipelineConfig;
import dev.millrace.errors.PipelineDefinitionException;
import dev.millrace.graph.AnalyzedTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Several pipelines in one application: {@code pipeline.name} selects the {@code @Pipeline} classes of one. */
class PipelineSelectionTest {

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MillraceAutoConfiguration.class))
      .withPropertyValues("millrace.runner.enabled=false")
      .withBean(BootTestPipelines.Orders.class)
      .withBean("returnsBean", BootTestPipelines.Returns.class)
      .withBean(BootTestPipelines.Calendar.class);

  private static PipelineConfig named(String name) {
    return PipelineConfig.parse("""
        # the orders or returns pipeline
        pipeline:
          name: %s
        """.formatted(name), "app.yaml", Map.of());
  }

  private static Iterable<String> tables(PipelineRegistry registry, String pipeline) {
    return registry.buildGraph(named(pipeline)).tables().stream().map(AnalyzedTable::name).toList();
  }

  @Test
  void theConfiguredNameSelectsItsClassesAndTheUnnamedOnes() {
    contextRunner.run(context -> {
      PipelineRegistry registry = context.getBean(PipelineRegistry.class);

      assertThat(registry.declaredNames()).containsExactly("orders", "returns");
      assertThat(tables(registry, "orders")).containsExactlyInAnyOrder("orders", "holidays");
      assertThat(tables(registry, "returns")).containsExactlyInAnyOrder("returns", "holidays");
      assertThat(registry.pipelines()).hasSize(3);
    });
  }

  @Test
  void aNameNoClassDeclaresIsAnErrorListingTheDeclaredNames() {
    contextRunner.run(context -> {
      PipelineRegistry registry = context.getBean(PipelineRegistry.class);

      assertThatThrownBy(() -> registry.buildGraph(named("order")))
          .isInstanceOf(PipelineDefinitionException.class)
          .hasMessage("Invalid pipeline: app.yaml:3: pipeline.name is 'order', but no @Pipeline class of the "
              + "application declares that name. Did you mean 'orders'? Declared pipelines: orders, returns. Set "
              + "pipeline.name to one of them, or give the file of the pipeline you mean (--config "
              + "config/<name>.yaml; ./millrace --pipeline <name>)");
    });
  }

  @Test
  void withoutAConfiguredNameTheDefaultNameMustBeDeclaredToo() {
    contextRunner.run(context -> {
      PipelineRegistry registry = context.getBean(PipelineRegistry.class);

      assertThatThrownBy(() -> registry.buildGraph(PipelineConfig.defaults()))
          .hasMessage("Invalid pipeline: there is no configuration file, so the pipeline's name is the default "
              + "'pipeline', but no @Pipeline class of the application declares that name. Declared pipelines: "
              + "orders, returns. Set pipeline.name to one of them, or give the file of the pipeline you mean "
              + "(--config config/<name>.yaml; ./millrace --pipeline <name>)");
      assertThatThrownBy(() -> registry.buildGraph(PipelineConfig.parse("pipeline: { storage: /tmp/x }\n",
          "x.yaml", Map.of())))
          .hasMessageStartingWith("Invalid pipeline: x.yaml sets no pipeline.name, so the name is the default "
              + "'pipeline', but no @Pipeline class");
    });
  }

  @Test
  void whenNoClassDeclaresANameEveryClassBelongsToAnyPipeline() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MillraceAutoConfiguration.class))
        .withPropertyValues("millrace.runner.enabled=false")
        .withBean(BootTestPipelines.Calendar.class)
        .run(context -> {
          PipelineRegistry registry = context.getBean(PipelineRegistry.class);

          assertThat(registry.declaredNames()).isEmpty();
          assertThat(tables(registry, "anything")).containsExactly("holidays");
          assertThat(registry.buildGraph(PipelineConfig.defaults()).tables()).hasSize(1);
        });
  }

  @Test
  void theCommandLineValidatesOnlyTheSelectedPipeline() {
    contextRunner.run(context -> {
      var out = new ByteArrayOutputStream();
      var err = new ByteArrayOutputStream();
      var runner = new MillraceCommandLineRunner(context.getBean(PipelineRegistry.class),
          context.getBean(MillraceProperties.class), new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      java.nio.file.Path yaml = java.nio.file.Files.createTempFile("returns", ".yaml");
      try {
        java.nio.file.Files.writeString(yaml, "pipeline:\n  name: returns\n");

        int ok = runner.execute("graph", "--format", "text", "--config", yaml.toString());
        assertThat(ok).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isIn(
            "returns [streaming table]\nholidays [streaming table]\n",
            "holidays [streaming table]\nreturns [streaming table]\n");

        java.nio.file.Files.writeString(yaml, "pipeline:\n  name: refunds\n");
        int bad = runner.execute("validate", "--config", yaml.toString());
        assertThat(bad).isEqualTo(MillraceCommandLineRunner.INVALID);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Invalid pipeline: " + yaml + ":2: "
            + "pipeline.name is 'refunds', but no @Pipeline class of the application declares that name.")
            .contains("Declared pipelines: orders, returns.");
      } finally {
        java.nio.file.Files.deleteIfExists(yaml);
      }
    });
  }
}
