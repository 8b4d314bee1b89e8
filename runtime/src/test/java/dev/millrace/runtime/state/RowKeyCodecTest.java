package dev.millrace.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.runtime.operator.Values;
import dev.millrace.types.DataType;
import dev.millrace.types.Schema;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class RowKeyCodecTest {

  static Stream<String> keyTypes() {
    return Stream.of("BOOLEAN", "INT", "LONG", "DOUBLE", "STRING", "BINARY", "TIMESTAMP", "DATE", "DECIMAL(10,2)",
        "DECIMAL(38,6)", "DECIMAL(18,0)", "ARRAY<INT>", "ARRAY<STRING>", "STRUCT<a: STRING, b: DOUBLE>",
        "ARRAY<STRUCT<x: INT, y: ARRAY<BINARY>>>");
  }

  /** Spark's order of nullable values: nulls first. */
  static int compareNullsFirst(Comparator<Object> order, Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return order.compare(a, b);
  }

  @ParameterizedTest
  @MethodSource("keyTypes")
  void encodedByteOrderIsValueOrderWithNullsFirst(String ddl) {
    DataType type = DataType.parse(ddl);
    var codec = new RowKeyCodec(List.of(type));
    Comparator<Object> order = Values.comparator(type);
    var random = new RandomValues(ddl.hashCode());
    for (int i = 0; i < 5_000; i++) {
      Object a = random.nullable(type);
      Object b = i % 10 == 0 ? a : random.nullable(type);
      int expected = Integer.signum(compareNullsFirst(order, a, b));
      int actual = Integer.signum(Arrays.compareUnsigned(codec.encode(new Object[] {a}),
          codec.encode(new Object[] {b})));
      assertThat(actual).as("%s vs %s", Values.toText(type, a), Values.toText(type, b)).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @MethodSource("keyTypes")
  void decodingGivesBackAnEqualValue(String ddl) {
    DataType type = DataType.parse(ddl);
    var codec = new RowKeyCodec(List.of(type, DataType.INT));
    var random = new RandomValues(~ddl.hashCode());
    for (int i = 0; i < 2_000; i++) {
      Object[] row = {random.nullable(type), random.nullable(DataType.INT)};
      Object[] back = codec.decode(codec.encode(row));
      assertThat(Values.equal(back[0], row[0]) && Values.equal(back[1], row[1]))
          .as("%s", Values.toText(type, row[0])).isTrue();
    }
  }

  @Test
  void compositeKeysOrderByTheirFirstColumnThenTheNext() {
    var codec = new RowKeyCodec(List.of(DataType.STRING, DataType.LONG));
    var rows = List.of(new Object[] {null, 5L}, new Object[] {"", null}, new Object[] {"", Long.MIN_VALUE},
        new Object[] {"a", -1L}, new Object[] {"a", 0L}, new Object[] {"a\u0000", -9L}, new Object[] {"ab", 1L});
    var encoded = rows.stream().map(codec::encode).toList();
    // Each row sorts after the one before it ("" < "a" < "a\0" < "ab"; null first in each column).
    for (int i = 1; i < encoded.size(); i++) {
      assertThat(Arrays.compareUnsigned(encoded.get(i - 1), encoded.get(i))).as("row %d", i).isNegative();
    }
  }

  @Test
  void theEncodingOfLeadingColumnsIsAPrefixOfTheWholeKey() {
    var codec = new RowKeyCodec(List.of(DataType.STRING, DataType.TIMESTAMP, DataType.BINARY));
    byte[] whole = codec.encode(new Object[] {"user\u00001", 42L, new byte[] {0, 1}});
    byte[] prefix = codec.encodePrefix("user\u00001");
    assertThat(Arrays.copyOf(whole, prefix.length)).isEqualTo(prefix);
    // A string that merely starts with the same characters is not under the prefix.
    byte[] longer = codec.encode(new Object[] {"user\u000012", 42L, new byte[0]});
    assertThat(Arrays.copyOf(longer, prefix.length)).isNotEqualTo(prefix);
    assertThat(codec.encodePrefix()).isEmpty();
  }

  @Test
  void stringsSortByCodePointNotByUtf16Unit() {
    var codec = new RowKeyCodec(List.of(DataType.STRING));
    byte[] bmp = codec.encode(new Object[] {"\uFFFF"});
    byte[] supplementary = codec.encode(new Object[] {"\uD83D\uDE00"}); // U+1F600 is above U+FFFF
    assertThat(Arrays.compareUnsigned(bmp, supplementary)).isNegative();
  }

  @Test
  void negativeZeroEqualsZeroAndNaNSortsLast() {
    var codec = new RowKeyCodec(List.of(DataType.DOUBLE));
    assertThat(codec.encode(new Object[] {-0.0})).isEqualTo(codec.encode(new Object[] {0.0}));
    assertThat(codec.encode(new Object[] {Double.longBitsToDouble(0x7ff8000000000123L)}))
        .isEqualTo(codec.encode(new Object[] {Double.NaN}));
    assertThat(Arrays.compareUnsigned(codec.encode(new Object[] {Double.POSITIVE_INFINITY}),
        codec.encode(new Object[] {Double.NaN}))).isNegative();
    assertThat(codec.decode(codec.encode(new Object[] {-0.0}))[0]).isEqualTo(0.0);
  }

  @Test
  void decimalsAreEncodedAtTheirTypesScale() {
    var codec = new RowKeyCodec(List.of(DataType.decimal(10, 2)));
    assertThat(codec.encode(new Object[] {new BigDecimal("1.5")}))
        .isEqualTo(codec.encode(new Object[] {new BigDecimal("1.50")}));
    assertThat(codec.decode(codec.encode(new Object[] {new BigDecimal("1.5")}))[0])
        .isEqualTo(new BigDecimal("1.50"));
    assertThatThrownBy(() -> codec.encode(new Object[] {new BigDecimal("1.505")}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DECIMAL(10,2)");
  }

  @Test
  void mapColumnsCannotBeKeys() {
    assertThatThrownBy(() -> RowKeyCodec.of(Schema.parse("m MAP<STRING, INT>")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MAP");
  }

  @Test
  void aKeyOfTheWrongWidthIsRejected() {
    var codec = new RowKeyCodec(List.of(DataType.INT, DataType.INT));
    assertThatThrownBy(() -> codec.encode(new Object[] {1})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codec.decode(new byte[] {1, 0})).isInstanceOf(IllegalArgumentException.class);
  }
}
