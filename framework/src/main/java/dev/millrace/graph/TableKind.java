package dev.millrace.graph;

/** The two kinds of table a pipeline defines. */
public enum TableKind {
  /** {@code @StreamingTable}: an incremental query over streaming inputs, updated batch by batch. */
  STREAMING_TABLE("streaming table"),
  /** {@code @MaterializedView}: recomputed from snapshot reads on each pipeline update. */
  MATERIALIZED_VIEW("materialized view");

  private final String label;

  TableKind(String label) {
    this.label = label;
  }

  /** Lower-case words for messages, e.g. {@code streaming table}. */
  public String label() {
    return label;
  }
}
