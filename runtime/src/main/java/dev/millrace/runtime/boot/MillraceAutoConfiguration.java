package dev.millrace.runtime.boot;

import dev.millrace.runtime.engine.progress.PipelineListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Millrace's Spring Boot auto-configuration: finds the {@code @Pipeline} beans and, unless
 * {@code millrace.runner.enabled=false}, runs the Millrace command given on the command line. Runs get the
 * application's {@link PipelineListener} beans. With Actuator on the classpath it adds the {@code millrace}
 * endpoint and health indicator; in a servlet web application, the live page {@code /millrace}
 * ({@code millrace.web.enabled=false} turns it off). Every bean backs off when the application defines its own.
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
  PipelineExecution millracePipelineExecution(ObjectProvider<PipelineListener> listeners,
      MillraceProperties properties) {
    return new PipelineExecution(() -> listeners.orderedStream().toList(), properties.runner().shutdownTimeout());
  }

  @Bean
  @ConditionalOnMissingBean
  PipelineStatusSource millracePipelineStatusSource(PipelineExecution execution, PipelineRegistry registry,
      MillraceProperties properties) {
    return new PipelineStatusSource(execution, registry, properties);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "millrace.runner.enabled", matchIfMissing = true)
  MillraceCommandLineRunner millraceCommandLineRunner(PipelineRegistry registry, MillraceProperties properties,
      PipelineExecution execution) {
    return new MillraceCommandLineRunner(registry, properties, System.out, System.err, execution);
  }

  /** The Actuator endpoint, when Actuator is there and the endpoint is enabled and exposed. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
  static class EndpointConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    MillraceEndpoint millraceEndpoint(PipelineStatusSource source) {
      return new MillraceEndpoint(source);
    }
  }

  /** The health indicator ({@code management.health.millrace.enabled}). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
  static class HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "millraceHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("millrace")
    MillraceHealthIndicator millraceHealthIndicator(PipelineStatusSource source) {
      return new MillraceHealthIndicator(source);
    }
  }

  /** The live page, in a servlet web application. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(RouterFunction.class)
  @ConditionalOnBooleanProperty(name = "millrace.web.enabled", matchIfMissing = true)
  static class WebConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "millraceRoutes")
    RouterFunction<ServerResponse> millraceRoutes(PipelineStatusSource source) {
      return MillraceWebRoutes.routes(source);
    }
  }
}
