package dev.millrace.types;

/**
 * Converts values of a Java type to and from {@link Row}s of a fixed {@link Schema}, so that typed lambdas
 * ({@code map}, {@code mapGroupsWithState}) can work on records instead of rows. Get one from {@link Encoders}.
 *
 * <p>Encoders are immutable and thread-safe.
 *
 * @param <T> the Java type
 */
public interface Encoder<T> {

  /** The schema of the rows this encoder produces and reads. */
  Schema schema();

  /**
   * The value as a row of {@link #schema()}, which the row carries. The row holds the value's lists and arrays as they
   * are, not copies.
   */
  Row toRow(T value);

  /**
   * The value a row holds. A row with a schema is read by field name (extra fields are ignored, so a row may have
   * more columns than the type has components); a row without one is read by position.
   *
   * @param row the row; not null
   * @throws IllegalArgumentException if the row lacks a field, holds a value of another Java type, or holds null
   *     where the Java type has a primitive; the message names the type, the field and the value
   */
  T fromRow(Row row);

  /** The Java type. */
  Class<T> type();
}
