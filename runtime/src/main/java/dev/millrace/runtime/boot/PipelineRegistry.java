package dev.millrace.runtime.boot;

import dev.millrace.annotation.Pipeline;
import dev.millrace.config.PipelineConfig;
import dev.millrace.errors.PipelineDefinitionException;
import dev.millrace.errors.Suggestions;
import dev.millrace.graph.GraphBuilder;
import dev.millrace.graph.PipelineGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;

/**
 * Collects the application's {@link Pipeline} beans once every singleton exists, and builds the graph of the
 * pipeline a configuration selects, on demand (the graph depends on the YAML and {@code --conf} values, which the
 * command line gives).
 *
 * <p>An application may hold several pipelines. The configuration's {@code pipeline.name} selects the beans whose
 * {@link Pipeline#name()} is that name, together with the beans that declare no name (they belong to every
 * pipeline). When no bean declares a name, every bean is selected whatever the configuration's name, so a
 * single-pipeline application needs no names. Thread-safe after the context has started.
 */
public class PipelineRegistry implements SmartInitializingSingleton {

  private final ApplicationContext context;
  /** Each {@code @Pipeline} bean with the pipeline name it declares ({@code ""}: none). */
  private volatile Map<Object, String> pipelines = Map.of();

  public PipelineRegistry(ApplicationContext context) {
    this.context = context;
  }

  @Override
  public void afterSingletonsInstantiated() {
    var found = new LinkedHashMap<Object, String>();
    for (var e : context.getBeansWithAnnotation(Pipeline.class).entrySet()) {
      Pipeline annotation = context.findAnnotationOnBean(e.getKey(), Pipeline.class);
      found.put(e.getValue(), annotation == null ? "" : annotation.name().strip());
    }
    pipelines = java.util.Collections.unmodifiableMap(found);
  }

  /** Every {@code @Pipeline} bean, of whichever pipeline. */
  public List<Object> pipelines() {
    return List.copyOf(pipelines.keySet());
  }

  /** The pipeline names the beans declare, sorted; empty when no bean declares one. */
  public Set<String> declaredNames() {
    var names = new TreeSet<String>(pipelines.values());
    names.remove("");
    return names;
  }

  /**
   * The beans of pipeline {@code name}: those that declare it and those that declare no name; every bean when none
   * declares a name.
   */
  public List<Object> pipelines(String name) {
    var selected = new ArrayList<Object>();
    boolean anyNamed = !declaredNames().isEmpty();
    pipelines.forEach((bean, declared) -> {
      if (!anyNamed || declared.isEmpty() || declared.equals(name)) {
        selected.add(bean);
      }
    });
    return selected;
  }

  /**
   * The validated graph of the pipeline {@code config} selects with {@code pipeline.name}.
   *
   * @throws PipelineDefinitionException listing every problem, or when beans declare pipeline names and none is
   *     the configuration's
   */
  public PipelineGraph buildGraph(PipelineConfig config) {
    String name = config.pipeline().name();
    Set<String> declared = declaredNames();
    if (!declared.isEmpty() && !declared.contains(name)) {
      String where = config.lineOf("pipeline.name") > 0
          ? config.locationOf("pipeline.name") + ": pipeline.name is '" + name + "'"
          : config.source().equals(PipelineConfig.NO_FILE)
              ? "there is no configuration file, so the pipeline's name is the default '" + name + "'"
              : config.source() + " sets no pipeline.name, so the name is the default '" + name + "'";
      throw new PipelineDefinitionException(where + ", but no @Pipeline class of the application declares that "
          + "name." + Suggestions.didYouMean(name, declared) + " Declared pipelines: " + String.join(", ", declared)
          + ". Set pipeline.name to one of them, or give the file of the pipeline you mean (--config config/<name>"
          + ".yaml; ./millrace --pipeline <name>)");
    }
    GraphBuilder builder = GraphBuilder.create(config);
    pipelines(name).forEach(builder::add);
    return builder.build();
  }
}
