package dev.millrace.graph.internal;

import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.dataset.SourceReader;
import dev.millrace.errors.MillraceException;
import dev.millrace.errors.Suggestions;
import dev.millrace.plan.Plans;
import dev.millrace.plan.TableRead;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The context table methods get while the graph is built: reads become {@link TableRead} plan nodes (the builder
 * derives the graph's edges from them), and {@code conf} answers from the pipeline's {@code configuration:}.
 */
public final class RecordingContext implements PipelineContext {

  private final String pipelineName;
  private final Map<String, String> configuration;
  private final String configSource;

  /** @param configSource the YAML file's name, for "set it in ..." hints */
  public RecordingContext(String pipelineName, Map<String, String> configuration, String configSource) {
    this.pipelineName = pipelineName;
    this.configuration = Map.copyOf(configuration);
    this.configSource = configSource;
  }

  @Override
  public Dataset readStream(String name) {
    return new Dataset(new TableRead(Plans.nextId(), Objects.requireNonNull(name, "name"), true, Optional.empty()));
  }

  @Override
  public Dataset read(String name) {
    return new Dataset(new TableRead(Plans.nextId(), Objects.requireNonNull(name, "name"), false, Optional.empty()));
  }

  @Override
  public SourceReader readStream() {
    return new SourceReader(true);
  }

  @Override
  public SourceReader read() {
    return new SourceReader(false);
  }

  @Override
  public String conf(String key) {
    String value = configuration.get(key);
    if (value == null) {
      throw new MillraceException("The configuration entry '" + key + "' is not set. Set it under "
          + "pipeline.configuration in " + configSource + ", or pass --conf " + key + "=... on the command line. "
          + (configuration.isEmpty() ? "There are no entries." : "Entries: "
          + String.join(", ", new TreeSet<>(configuration.keySet())) + "."
          + Suggestions.didYouMean(key, configuration.keySet())));
    }
    return value;
  }

  @Override
  public String conf(String key, String defaultValue) {
    return configuration.getOrDefault(key, defaultValue);
  }

  @Override
  public Optional<String> confOption(String key) {
    return Optional.ofNullable(configuration.get(key));
  }

  @Override
  public String pipelineName() {
    return pipelineName;
  }
}
