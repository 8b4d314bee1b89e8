package dev.millrace.runtime.boot;

import dev.millrace.errors.MillraceException;
import dev.millrace.graph.PipelineGraph;
import dev.millrace.runtime.engine.progress.PipelineStatus;
import java.util.Map;

/**
 * Where the endpoint, the health indicator and the live page find the pipeline's status: the current or last run of
 * {@link PipelineExecution}, or, before any run, the configured pipeline's graph with every table idle (built once
 * from {@code millrace.config}).
 */
public class PipelineStatusSource {

  private final PipelineExecution execution;
  private final PipelineRegistry registry;
  private final MillraceProperties properties;
  private volatile PipelineStatus idle;

  public PipelineStatusSource(PipelineExecution execution, PipelineRegistry registry, MillraceProperties properties) {
    this.execution = execution;
    this.registry = registry;
    this.properties = properties;
  }

  /**
   * The status of the current or last run, or of the configured pipeline before any run.
   *
   * @throws MillraceException if no run started and the configured pipeline is not valid
   */
  public PipelineStatus status() {
    return execution.status().orElseGet(this::idle);
  }

  private PipelineStatus idle() {
    PipelineStatus s = idle;
    if (s == null) {
      PipelineGraph graph = registry.buildGraph(MillraceCommandLineRunner.loadConfig(properties, null, Map.of()));
      s = new PipelineStatus(graph);
      idle = s;
    }
    return s;
  }
}
