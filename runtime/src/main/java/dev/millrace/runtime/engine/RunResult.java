package dev.millrace.runtime.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link PipelineRunner#run}: what each table did, in dependency order, and where the tables are.
 *
 * @param refreshed the tables fully refreshed before the run (those asked for and their streaming readers)
 */
public record RunResult(String pipeline, List<TableProgress> tables, Path warehouse, List<String> refreshed,
    long durationNanos) {

  public RunResult {
    tables = List.copyOf(tables);
    refreshed = List.copyOf(refreshed);
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
