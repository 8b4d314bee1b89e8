package dev.millrace.runtime.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.config.PipelineConfig;
import dev.millrace.errors.MillraceException;
import dev.millrace.graph.AnalyzedTable;
import dev.millrace.graph.PipelineGraph;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@ExtendWith(OutputCaptureExtension.class)
class MillraceAutoConfigurationTest {

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MillraceAutoConfiguration.class));

  @Configuration(proxyBeanMethods = false)
  static class PipelineConfiguration {
    @Bean
    BootTestPipelines.Clicks clicks() {
      return new BootTestPipelines.Clicks();
    }

    @Bean
    String notAPipeline() {
      return "not a pipeline";
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserRegistryConfiguration {
    @Bean
    PipelineRegistry userRegistry(ApplicationContext context) {
      return new FailingRegistry(context);
    }
  }

  /** A registry whose graphs always fail, so a test can tell it is the one the runner uses. */
  static class FailingRegistry extends PipelineRegistry {
    FailingRegistry(ApplicationContext context) {
      super(context);
    }

    @Override
    public PipelineGraph buildGraph(PipelineConfig config) {
      throw new MillraceException("the user's registry was asked");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserRunnerConfiguration {
    @Bean
    MillraceCommandLineRunner userRunner(PipelineRegistry registry, MillraceProperties properties) {
      return new MillraceCommandLineRunner(registry, properties, System.out, System.err);
    }
  }

  @Test
  void isListedInTheAutoConfigurationImports() {
    assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
        .contains(MillraceAutoConfiguration.class.getName());
  }

  @Test
  void definesARegistryAndARunnerByDefault() {
    contextRunner.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).hasSingleBean(PipelineRegistry.class).hasBean("millracePipelineRegistry");
      assertThat(context).hasSingleBean(MillraceCommandLineRunner.class).hasBean("millraceCommandLineRunner");
      assertThat(context.getBean(PipelineRegistry.class).pipelines()).isEmpty();
    });
  }

  @Test
  void theRegistryFindsThePipelineBeansOfTheUsersConfiguration() {
    contextRunner.withUserConfiguration(PipelineConfiguration.class).run(context -> {
      PipelineRegistry registry = context.getBean(PipelineRegistry.class);

      assertThat(registry.pipelines()).containsExactly(context.getBean(BootTestPipelines.Clicks.class));
      assertThat(registry.buildGraph(PipelineConfig.defaults(Map.of("landing", "/in"))).tables())
          .extracting(AnalyzedTable::name).containsExactly("raw_events", "events_clean", "page_views");
    });
  }

  @Test
  void aUserDefinedRegistryReplacesTheDefaultOne() {
    contextRunner.withUserConfiguration(UserRegistryConfiguration.class).run(context -> {
      assertThat(context).hasSingleBean(PipelineRegistry.class).hasBean("userRegistry")
          .doesNotHaveBean("millracePipelineRegistry");
      assertThat(context.getBean(PipelineRegistry.class)).isInstanceOf(FailingRegistry.class);
    });
  }

  @Test
  void theRunnerUsesTheUserDefinedRegistry(CapturedOutput output) {
    contextRunner.withUserConfiguration(UserRegistryConfiguration.class).run(context -> {
      int exitCode = context.getBean(MillraceCommandLineRunner.class).execute("validate");

      assertThat(exitCode).isEqualTo(1);
      assertThat(output.getErr()).isEqualTo("the user's registry was asked\n");
    });
  }

  @Test
  void aUserDefinedRunnerReplacesTheDefaultOne() {
    contextRunner.withUserConfiguration(UserRunnerConfiguration.class).run(context -> {
      assertThat(context).hasSingleBean(MillraceCommandLineRunner.class).hasBean("userRunner")
          .doesNotHaveBean("millraceCommandLineRunner");
    });
  }

  @Test
  void runnerEnabledFalseRemovesTheRunnerButKeepsTheRegistry() {
    contextRunner.withPropertyValues("millrace.runner.enabled=false").run(context -> {
      assertThat(context).doesNotHaveBean(MillraceCommandLineRunner.class);
      assertThat(context).hasSingleBean(PipelineRegistry.class);
      assertThat(context.getBean(MillraceProperties.class).runner().enabled()).isFalse();
    });
  }

  @Test
  void runnerEnabledTrueKeepsTheRunner() {
    contextRunner.withPropertyValues("millrace.runner.enabled=true").run(context -> {
      assertThat(context).hasSingleBean(MillraceCommandLineRunner.class);
      assertThat(context.getBean(MillraceProperties.class).runner().enabled()).isTrue();
    });
  }

  @Test
  void propertiesDefaultToNoFileNoEntriesAndAnEnabledRunner() {
    contextRunner.run(context -> {
      MillraceProperties properties = context.getBean(MillraceProperties.class);

      assertThat(properties.config()).isNull();
      assertThat(properties.conf()).isEmpty();
      assertThat(properties.runner().enabled()).isTrue();
    });
  }

  @Test
  void bindsTheConfigFileAndTheConfEntries() {
    contextRunner.withPropertyValues("millrace.config=config/clicks.yaml", "millrace.conf.landing=/data/in",
        "millrace.conf.max-files=3").run(context -> {
          MillraceProperties properties = context.getBean(MillraceProperties.class);

          assertThat(properties.config()).isEqualTo("config/clicks.yaml");
          assertThat(properties.conf()).isEqualTo(Map.of("landing", "/data/in", "max-files", "3"));
        });
  }

  @Test
  void bindsConfEntriesWhoseKeysHaveDotsOrCapitals() {
    contextRunner.withPropertyValues("millrace.conf.kafka.bootstrap=localhost:9092", "millrace.conf.landingDir=/in")
        .run(context -> assertThat(context.getBean(MillraceProperties.class).conf())
            .isEqualTo(Map.of("kafka.bootstrap", "localhost:9092", "landingDir", "/in")));
  }

  @Test
  void theRunnerReadsTheBoundProperties(CapturedOutput output) {
    contextRunner.withUserConfiguration(PipelineConfiguration.class)
        .withPropertyValues("millrace.conf.landing=/from/properties").run(context -> {
          int exitCode = context.getBean(MillraceCommandLineRunner.class).execute("validate");

          assertThat(exitCode).isZero();
          assertThat(output.getOut()).contains("  reads:      json files in /from/properties/events (stream)\n")
              .endsWith("\nThe pipeline is valid.\n");
        });
  }
}
