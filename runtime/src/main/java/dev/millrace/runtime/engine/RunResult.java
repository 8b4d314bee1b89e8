package dev.millrace.runtime.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link PipelineRunner#run}: what each table did, in dependency order, and where the tables are.
 *
 * @param refreshed the tables fully refreshed before the run (those asked for and their streaming readers)
 * @param stopped whether the run ended because it was asked to stop ({@link PipelineRunner#stop()}: Ctrl-C,
 *     SIGTERM) rather than because its trigger was done or a table failed
 */
public record RunResult(String pipeline, List<TableProgress> tables, Path warehouse, List<String> refreshed,
    long durationNanos, boolean stopped) {

  public RunResult {
    tables = List.copyOf(tables);
    refreshed = List.copyOf(refreshed);
  }

  /** A run that was not stopped. */
  public RunResult(String pipeline, List<TableProgress> tables, Path warehouse, List<String> refreshed,
      long durationNanos) {
    this(pipeline, tables, warehouse, refreshed, durationNanos, false);
  }

  /** Whether no table failed (tables not supported by this engine version, and those reading them, aside). */
  public boolean succeeded() {
    return tables.stream().noneMatch(t -> t.status() == TableProgress.Status.FAILED);
  }

  public Optional<TableProgress> table(String name) {
    return tables.stream().filter(t -> t.table().equals(name)).findFirst();
  }

  /** The first failure's message, if a table failed. */
  public Optional<String> firstError() {
    return tables.stream().filter(t -> t.status() == TableProgress.Status.FAILED).map(TableProgress::error)
        .findFirst();
  }
}
