package dev.millrace.graph;

import java.util.Objects;

/**
 * {@code downstream} reads {@code upstream}: incrementally ({@code streaming}, {@code ctx.readStream}) or as a
 * snapshot ({@code ctx.read}).
 */
public record Edge(String upstream, String downstream, boolean streaming) {

  public Edge {
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(downstream, "downstream");
  }
}
