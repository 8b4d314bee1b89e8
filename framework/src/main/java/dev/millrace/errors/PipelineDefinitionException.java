package dev.millrace.errors;

import java.util.List;

/**
 * A pipeline whose tables cannot form a valid graph: unknown or duplicate tables, cycles, unknown columns, reads
 * that the output modes do not allow. Holds every problem found, not only the first, so one {@code validate} run
 * shows them all.
 */
public class PipelineDefinitionException extends MillraceException {

  private final List<String> problems;

  public PipelineDefinitionException(List<String> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  public PipelineDefinitionException(String problem) {
    this(List.of(problem));
  }

  private static String format(List<String> problems) {
    if (problems.size() == 1) {
      return "Invalid pipeline: " + problems.get(0);
    }
    var sb = new StringBuilder("Invalid pipeline: ").append(problems.size()).append(" problems");
    for (int i = 0; i < problems.size(); i++) {
      sb.append("\n  ").append(i + 1).append(". ").append(problems.get(i));
    }
    return sb.toString();
  }

  /** Each problem, one sentence or more, naming the table and the method that defines it. */
  public List<String> problems() {
    return problems;
  }
}
