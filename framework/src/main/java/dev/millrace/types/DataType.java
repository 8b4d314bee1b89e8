package dev.millrace.types;

/**
 * The type of a column or value. Types are immutable values; compare them with {@code equals}.
 *
 * <p>Each type has a Java representation, used by {@link Row} and by user lambdas:
 * <table>
 *   <caption>Java representation of each type</caption>
 *   <tr><th>type</th><th>Java value</th></tr>
 *   <tr><td>STRING</td><td>{@link String}</td></tr>
 *   <tr><td>INT</td><td>{@link Integer}</td></tr>
 *   <tr><td>LONG</td><td>{@link Long}</td></tr>
 *   <tr><td>DOUBLE</td><td>{@link Double}</td></tr>
 *   <tr><td>DECIMAL(p,s)</td><td>{@link java.math.BigDecimal}</td></tr>
 *   <tr><td>BOOLEAN</td><td>{@link Boolean}</td></tr>
 *   <tr><td>TIMESTAMP</td><td>{@link java.time.Instant}, microsecond precision, UTC</td></tr>
 *   <tr><td>DATE</td><td>{@link java.time.LocalDate}</td></tr>
 *   <tr><td>BINARY</td><td>{@code byte[]}</td></tr>
 *   <tr><td>ARRAY&lt;T&gt;</td><td>{@link java.util.List}</td></tr>
 *   <tr><td>MAP&lt;K,V&gt;</td><td>{@link java.util.Map}</td></tr>
 *   <tr><td>STRUCT&lt;...&gt;</td><td>{@link Row}</td></tr>
 * </table>
 * A null value is Java {@code null} for every type.
 */
public sealed interface DataType permits PrimitiveType, DecimalType, ArrayType, MapType, Schema {

  PrimitiveType STRING = PrimitiveType.STRING;
  PrimitiveType INT = PrimitiveType.INT;
  PrimitiveType LONG = PrimitiveType.LONG;
  PrimitiveType DOUBLE = PrimitiveType.DOUBLE;
  PrimitiveType BOOLEAN = PrimitiveType.BOOLEAN;
  PrimitiveType TIMESTAMP = PrimitiveType.TIMESTAMP;
  PrimitiveType DATE = PrimitiveType.DATE;
  PrimitiveType BINARY = PrimitiveType.BINARY;

  /** The type as it is written in DDL, e.g. {@code ARRAY<STRING>} or {@code DECIMAL(10,2)}. */
  String sql();

  /** Whether arithmetic applies: INT, LONG, DOUBLE and DECIMAL. */
  default boolean isNumeric() {
    return this == INT || this == LONG || this == DOUBLE || this instanceof DecimalType;
  }

  /** Parses a type in DDL syntax, e.g. {@code "MAP<STRING, ARRAY<INT>>"}. */
  static DataType parse(String ddl) {
    return dev.millrace.types.internal.DdlParser.parseType(ddl);
  }

  /** {@code DECIMAL(precision, scale)}. */
  static DecimalType decimal(int precision, int scale) {
    return new DecimalType(precision, scale);
  }

  /** {@code ARRAY<element>} whose elements may be null. */
  static ArrayType array(DataType element) {
    return new ArrayType(element, true);
  }

  /** {@code MAP<key, value>} whose values may be null. */
  static MapType map(DataType key, DataType value) {
    return new MapType(key, value, true);
  }
}
