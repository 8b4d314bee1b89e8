package dev.millrace.types;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * The encoders: {@link #of(Class)} for Java records, and single-value encoders such as {@link #STRING}, whose rows
 * have one column named {@code value} (as a Spark {@code Dataset<String>} has).
 *
 * <p>A record's schema has one field per record component, in declaration order, named as the component:
 * <table>
 *   <caption>Record component types and their column types</caption>
 *   <tr><th>component</th><th>column</th></tr>
 *   <tr><td>{@code String}</td><td>STRING</td></tr>
 *   <tr><td>{@code int} / {@code Integer}</td><td>INT</td></tr>
 *   <tr><td>{@code long} / {@code Long}</td><td>LONG</td></tr>
 *   <tr><td>{@code double} / {@code Double}</td><td>DOUBLE</td></tr>
 *   <tr><td>{@code boolean} / {@code Boolean}</td><td>BOOLEAN</td></tr>
 *   <tr><td>{@link BigDecimal}</td><td>DECIMAL(38,18), as in Spark</td></tr>
 *   <tr><td>{@link Instant}</td><td>TIMESTAMP</td></tr>
 *   <tr><td>{@link LocalDate}</td><td>DATE</td></tr>
 *   <tr><td>{@code byte[]}</td><td>BINARY</td></tr>
 *   <tr><td>an enum</td><td>STRING, the constant's {@code name()}</td></tr>
 *   <tr><td>{@code List<T>}</td><td>ARRAY of T's type</td></tr>
 *   <tr><td>{@code Map<K, V>}</td><td>MAP of K's and V's types</td></tr>
 *   <tr><td>a record</td><td>STRUCT of its components, recursively</td></tr>
 * </table>
 * Components of primitive types are {@code NOT NULL} fields; all others are nullable, as are list elements and map
 * values. Other types ({@code float}, {@code short}, {@code Object}, a raw {@code List}, {@code Set}, a class that is
 * not a record, a record that contains itself) are rejected by {@link #of} with a message naming the component and
 * the type to use instead.
 *
 * <p>A record encoder reads components through method handles looked up once, when the encoder is made, and
 * {@link #of} makes one encoder per class, so getting an encoder per batch or per row is cheap. Lists and maps that
 * hold only values of the table above pass through unchanged in both directions (their elements are not checked);
 * those holding records or enums are converted into new lists and maps.
 *
 * <p>Records of any access level work from the class path; a record in a named module must be in a package opened to
 * Millrace. Encoders are thread-safe.
 */
public final class Encoders {

  /** Strings, in a column {@code value STRING}. */
  public static final Encoder<String> STRING = new ValueEncoder<>(String.class, DataType.STRING);
  /** Integers, in a column {@code value INT}. */
  public static final Encoder<Integer> INT = new ValueEncoder<>(Integer.class, DataType.INT);
  /** Longs, in a column {@code value LONG}. */
  public static final Encoder<Long> LONG = new ValueEncoder<>(Long.class, DataType.LONG);
  /** Doubles, in a column {@code value DOUBLE}. */
  public static final Encoder<Double> DOUBLE = new ValueEncoder<>(Double.class, DataType.DOUBLE);
  /** Booleans, in a column {@code value BOOLEAN}. */
  public static final Encoder<Boolean> BOOLEAN = new ValueEncoder<>(Boolean.class, DataType.BOOLEAN);
  /** Instants, in a column {@code value TIMESTAMP}. */
  public static final Encoder<Instant> TIMESTAMP = new ValueEncoder<>(Instant.class, DataType.TIMESTAMP);
  /** Dates, in a column {@code value DATE}. */
  public static final Encoder<LocalDate> DATE = new ValueEncoder<>(LocalDate.class, DataType.DATE);
  /** Decimals, in a column {@code value DECIMAL(38,18)}. */
  public static final Encoder<BigDecimal> DECIMAL =
      new ValueEncoder<>(BigDecimal.class, RecordEncoder.DEFAULT_DECIMAL);
  /** Byte arrays, in a column {@code value BINARY}. */
  public static final Encoder<byte[]> BINARY = new ValueEncoder<>(byte[].class, DataType.BINARY);

  private static final Map<Class<?>, Encoder<?>> VALUES = Map.ofEntries(
      Map.entry(String.class, STRING), Map.entry(Integer.class, INT), Map.entry(int.class, INT),
      Map.entry(Long.class, LONG), Map.entry(long.class, LONG), Map.entry(Double.class, DOUBLE),
      Map.entry(double.class, DOUBLE), Map.entry(Boolean.class, BOOLEAN), Map.entry(boolean.class, BOOLEAN),
      Map.entry(Instant.class, TIMESTAMP), Map.entry(LocalDate.class, DATE), Map.entry(BigDecimal.class, DECIMAL),
      Map.entry(byte[].class, BINARY));

  private static final ClassValue<Encoder<?>> RECORDS = new ClassValue<>() {
    @Override
    protected Encoder<?> computeValue(Class<?> type) {
      return RecordEncoder.create(type);
    }
  };

  private Encoders() {}

  /**
   * The encoder of a record class, made on the first call and cached, or the single-value encoder of {@code String},
   * {@code Integer}, {@code Long}, {@code Double}, {@code Boolean}, {@code Instant}, {@code LocalDate},
   * {@code BigDecimal} or {@code byte[]} (and of {@code int}, {@code long}, {@code double}, {@code boolean}, whose
   * encoders have the boxed type).
   *
   * @throws IllegalArgumentException if {@code type} is none of these, or is a record with a component of an
   *     unsupported type; the message names the component and the type to use
   */
  @SuppressWarnings("unchecked")
  public static <T> Encoder<T> of(Class<T> type) {
    Objects.requireNonNull(type, "type");
    Encoder<?> value = VALUES.get(type);
    if (value != null) {
      return (Encoder<T>) value;
    }
    if (!type.isRecord()) {
      throw new IllegalArgumentException("Cannot create an encoder for " + type.getName() + ": it is not a record. "
          + "Encoders.of supports Java records, such as record Event(String id, double amount) {}, and the single "
          + "values String, Integer, Long, Double, Boolean, Instant, LocalDate, BigDecimal and byte[]");
    }
    return (Encoder<T>) RECORDS.get(type);
  }
}
