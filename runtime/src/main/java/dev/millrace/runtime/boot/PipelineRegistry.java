package dev.millrace.runtime.boot;

import dev.millrace.annotation.Pipeline;
import dev.millrace.config.PipelineConfig;
import dev.millrace.graph.GraphBuilder;
import dev.millrace.graph.PipelineGraph;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;

/**
 * Collects the application's {@link Pipeline} beans once every singleton exists, and builds their graph for a
 * configuration on demand (the graph depends on the YAML and {@code --conf} values, which the command line gives).
 * Thread-safe after the context has started.
 */
public class PipelineRegistry implements SmartInitializingSingleton {

  private final ApplicationContext context;
  private volatile List<Object> pipelines = List.of();

  public PipelineRegistry(ApplicationContext context) {
    this.context = context;
  }

  @Override
  public void afterSingletonsInstantiated() {
    pipelines = List.copyOf(new ArrayList<>(context.getBeansWithAnnotation(Pipeline.class).values()));
  }

  /** The {@code @Pipeline} beans. */
  public List<Object> pipelines() {
    return pipelines;
  }

  /**
   * The validated graph of all pipeline beans under {@code config}.
   *
   * @throws dev.millrace.errors.PipelineDefinitionException listing every problem
   */
  public PipelineGraph buildGraph(PipelineConfig config) {
    GraphBuilder builder = GraphBuilder.create(config);
    pipelines.forEach(builder::add);
    return builder.build();
  }
}
