package dev.millrace.runtime.boot;

import dev.millrace.runtime.metrics.MillraceMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Millrace's meters ({@code millrace.*}, see docs/operations.md): a {@link MillraceMetrics} bean, which Spring Boot
 * binds to the application's meter registries (as every {@code MeterBinder} bean) and which hears every run as a
 * pipeline listener. Off with {@code millrace.metrics.enabled=false}; an application's own {@link MillraceMetrics}
 * bean replaces it.
 */
@AutoConfiguration
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "millrace.metrics.enabled", matchIfMissing = true)
public final class MillraceMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  MillraceMetrics millraceMetrics() {
    return new MillraceMetrics();
  }
}
