package dev.millrace.runtime.operator;

import dev.millrace.plan.JoinType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A join of one batch's rows held in memory: the left input (0) is probed against the right input (1), hashed on
 * the equality keys of the condition (or the using columns), and each candidate pair must also pass the whole
 * condition. Serves stream-static joins (the static side read whole each batch) and joins in materialized views.
 * Rows are joined at the end of the batch, so the order in which the inputs arrive does not matter.
 *
 * <p>Semantics are SQL's: NULL keys never match; {@code left_outer} pads unmatched left rows with NULLs,
 * {@code right_outer} unmatched right rows, {@code full_outer} both; {@code left_semi} emits a left row once if it
 * has a match, {@code left_anti} if it has none. The output is the left row followed by the right row, then
 * {@code output} picks its columns (using-column joins keep one copy of each key).
 */
public final class HashJoinOperator extends Operator {

  private final JoinType type;
  private final int leftWidth;
  private final int rightWidth;
  private final Evaluator[] leftKeys;
  private final Evaluator[] rightKeys;
  private final Evaluator condition;
  private final int[][] output;
  private final List<Object[]> left = new ArrayList<>();
  private final List<Object[]> right = new ArrayList<>();

  /**
   * @param leftKeys, rightKeys evaluators of the equality keys over a combined row (left values, then right
   *     values); may be empty (every pair is a candidate)
   * @param condition over a combined row, or null for none
   * @param output for each output column, {@code {index}} of the combined row, or {@code {leftIndex, rightIndex}}
   *     for a using column of a full outer join (the first non-null)
   */
  public HashJoinOperator(JoinType type, int leftWidth, int rightWidth, Evaluator[] leftKeys, Evaluator[] rightKeys,
      Evaluator condition, int[][] output) {
    this.type = type;
    this.leftWidth = leftWidth;
    this.rightWidth = rightWidth;
    this.leftKeys = leftKeys.clone();
    this.rightKeys = rightKeys.clone();
    this.condition = condition;
    this.output = output.clone();
  }

  @Override
  protected void process(int input, Object[] row) {
    var combined = new Object[leftWidth + rightWidth];
    if (input == 0) {
      System.arraycopy(row, 0, combined, 0, leftWidth);
      left.add(combined);
    } else {
      System.arraycopy(row, 0, combined, leftWidth, rightWidth);
      right.add(combined);
    }
  }

  private static GroupKey key(Evaluator[] keys, Object[] combined) {
    var values = new Object[keys.length];
    for (int i = 0; i < keys.length; i++) {
      values[i] = keys[i].eval(combined);
      if (values[i] == null) {
        return null; // NULL never equals anything
      }
    }
    return new GroupKey(values);
  }

  @Override
  public void endOfBatch() {
    Map<GroupKey, List<Integer>> index = new HashMap<>();
    for (int r = 0; r < right.size(); r++) {
      GroupKey k = key(rightKeys, right.get(r));
      if (k != null) {
        index.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
      }
    }
    boolean[] rightMatched = new boolean[right.size()];
    for (Object[] l : left) {
      GroupKey k = key(leftKeys, l);
      List<Integer> candidates = k == null ? List.of() : index.getOrDefault(k, List.of());
      boolean matched = false;
      for (int r : candidates) {
        Object[] pair = pair(l, right.get(r));
        if (condition == null || Boolean.TRUE.equals(condition.eval(pair))) {
          matched = true;
          rightMatched[r] = true;
          if (type == JoinType.LEFT_SEMI) {
            break;
          }
          if (type != JoinType.LEFT_ANTI) {
            emit(project(pair));
          }
        }
      }
      if (type == JoinType.LEFT_SEMI && matched || type == JoinType.LEFT_ANTI && !matched) {
        emit(project(l));
      } else if (!matched && (type == JoinType.LEFT_OUTER || type == JoinType.FULL_OUTER)) {
        emit(project(l));
      }
    }
    if (type == JoinType.RIGHT_OUTER || type == JoinType.FULL_OUTER) {
      for (int r = 0; r < right.size(); r++) {
        if (!rightMatched[r]) {
          emit(project(right.get(r)));
        }
      }
    }
    left.clear();
    right.clear();
  }

  private Object[] pair(Object[] l, Object[] r) {
    var combined = l.clone();
    System.arraycopy(r, leftWidth, combined, leftWidth, rightWidth);
    return combined;
  }

  private Object[] project(Object[] combined) {
    return project(output, combined);
  }

  /**
   * A join's output row from a combined row (left values, then right values): for each output column,
   * {@code {index}}, or {@code {leftIndex, rightIndex}} for a using column of a full outer join (the first non-null).
   */
  static Object[] project(int[][] output, Object[] combined) {
    var out = new Object[output.length];
    for (int i = 0; i < out.length; i++) {
      int[] from = output[i];
      out[i] = combined[from[0]];
      if (out[i] == null && from.length > 1) {
        out[i] = combined[from[1]];
      }
    }
    return out;
  }

  @Override
  public void close() {
    left.clear();
    right.clear();
  }

  @Override
  public String name() {
    return "HashJoin";
  }
}
