package dev.millrace.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The join types, parsed from Spark's strings ({@code "inner"}, {@code "left"}, {@code "left_outer"}, ...). */
public enum JoinType {
  INNER, LEFT_OUTER, RIGHT_OUTER, FULL_OUTER, LEFT_SEMI, LEFT_ANTI;

  /** Parses a join type the way Spark's {@code JoinType.apply} does: case-insensitive, underscores optional. */
  public static JoinType parse(String name) {
    String n = name.toLowerCase(Locale.ROOT).replace("_", "");
    return switch (n) {
      case "inner" -> INNER;
      case "left", "leftouter" -> LEFT_OUTER;
      case "right", "rightouter" -> RIGHT_OUTER;
      case "full", "outer", "fullouter" -> FULL_OUTER;
      case "leftsemi", "semi" -> LEFT_SEMI;
      case "leftanti", "anti" -> LEFT_ANTI;
      default -> throw new IllegalArgumentException("Unsupported join type '" + name + "'. Supported join types: "
          + "inner, left (left_outer), right (right_outer), full (outer, full_outer), left_semi (semi), "
          + "left_anti (anti)");
    };
  }

  /** Whether the output has only the left side's columns. */
  public boolean leftOnly() {
    return this == LEFT_SEMI || this == LEFT_ANTI;
  }

  public String sql() {
    return Arrays.stream(name().split("_")).map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.joining("_"));
  }
}
