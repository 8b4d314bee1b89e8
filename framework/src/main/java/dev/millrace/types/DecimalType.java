package dev.millrace.types;

/**
 * {@code DECIMAL(precision, scale)}: a fixed-point number of at most {@code precision} digits, {@code scale} of
 * them after the point. As in Spark, precision is 1 to 38 and {@code DECIMAL} alone means {@code DECIMAL(10,0)}.
 */
public record DecimalType(int precision, int scale) implements DataType {

  public static final int MAX_PRECISION = 38;

  public DecimalType {
    if (precision < 1 || precision > MAX_PRECISION) {
      throw new IllegalArgumentException(
          "DECIMAL precision must be between 1 and " + MAX_PRECISION + ", got " + precision);
    }
    if (scale < 0 || scale > precision) {
      throw new IllegalArgumentException(
          "DECIMAL scale must be between 0 and the precision " + precision + ", got " + scale);
    }
  }

  @Override
  public String sql() {
    return "DECIMAL(" + precision + "," + scale + ")";
  }

  @Override
  public String toString() {
    return sql();
  }
}
