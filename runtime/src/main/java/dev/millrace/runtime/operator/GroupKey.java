package dev.millrace.runtime.operator;

import java.util.Arrays;

/** Grouping-key values as a hash-map key, with {@link Values#equal} and {@link Values#hash} semantics. */
public final class GroupKey {

  private final Object[] values;
  private final int hash;

  public GroupKey(Object[] values) {
    this.values = values;
    this.hash = Values.hash(values);
  }

  public Object[] values() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupKey k && hash == k.hash && Values.equal(values, k.values);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return Arrays.deepToString(values);
  }
}
