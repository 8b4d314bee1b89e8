package dev.millrace.dataset;

import java.util.Optional;

/**
 * What a table-defining method receives: access to other tables of the pipeline, to sources, and to the pipeline's
 * {@code configuration:} entries. Reading a table records an edge of the pipeline graph. Methods run once, when
 * the graph is built, and return a lazy {@link Dataset}; they must not do I/O themselves.
 */
public interface PipelineContext {

  /**
   * Reads table {@code name} of this pipeline incrementally: each batch sees only the rows committed upstream
   * since the last batch. The table must be append-only (a streaming table in append mode).
   */
  Dataset readStream(String name);

  /** Reads the current snapshot of table {@code name} (any kind), e.g. for a materialized view or a stream-static join. */
  Dataset read(String name);

  /** A builder for a streaming source: {@code readStream().format("json").schema(ddl).load(path)}. */
  SourceReader readStream();

  /** A builder for a batch (static) source read whole on each update. */
  SourceReader read();

  /**
   * The {@code configuration:} entry {@code key} of the pipeline's YAML (after {@code --conf} overrides).
   *
   * @throws dev.millrace.errors.MillraceException if there is no such entry, naming the entries there are
   */
  String conf(String key);

  /** The entry {@code key}, or {@code defaultValue} when there is none. */
  String conf(String key, String defaultValue);

  /** The entry {@code key} if there is one. */
  Optional<String> confOption(String key);

  /** The pipeline's name ({@code pipeline.name} in YAML). */
  String pipelineName();
}
