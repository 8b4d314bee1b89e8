package dev.millrace.runtime.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Millrace's Spring Boot auto-configuration: finds the {@code @Pipeline} beans and, unless
 * {@code millrace.runner.enabled=false}, runs the Millrace command given on the command line. Every bean backs off
 * when the application defines its own.
 */
@AutoConfiguration
@EnableConfigurationProperties(MillraceProperties.class)
public final class MillraceAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  PipelineRegistry millracePipelineRegistry(ApplicationContext context) {
    return new PipelineRegistry(context);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "millrace.runner.enabled", matchIfMissing = true)
  MillraceCommandLineRunner millraceCommandLineRunner(PipelineRegistry registry, MillraceProperties properties) {
    return new MillraceCommandLineRunner(registry, properties, System.out, System.err);
  }
}
