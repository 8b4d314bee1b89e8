package dev.millrace.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.runtime.operator.Values;
import dev.millrace.types.DataType;
import dev.millrace.types.MapType;
import dev.millrace.types.Schema;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RowValueCodecTest {

  static Stream<String> valueTypes() {
    return Stream.concat(RowKeyCodecTest.keyTypes(), Stream.of("MAP<STRING, INT>", "MAP<INT, ARRAY<DOUBLE>>",
        "STRUCT<m: MAP<STRING, STRUCT<d: DECIMAL(38,10), t: TIMESTAMP>>, l: ARRAY<MAP<LONG, BINARY>>>",
        "DECIMAL(5,5)"));
  }

  @ParameterizedTest
  @MethodSource("valueTypes")
  void decodingGivesBackEveryValueIncludingNulls(String ddl) {
    DataType type = DataType.parse(ddl);
    var codec = new RowValueCodec(List.of(DataType.STRING, type, DataType.LONG));
    var random = new RandomValues(ddl.hashCode() * 31L);
    for (int i = 0; i < 2_000; i++) {
      Object[] row = {random.nullable(DataType.STRING), random.nullable(type), random.nullable(DataType.LONG)};
      Object[] back = codec.decode(codec.encode(row));
      for (int c = 0; c < row.length; c++) {
        assertThat(deepEqual(back[c], row[c])).as("column %d: %s", c, row[c]).isTrue();
      }
    }
  }

  /** {@link Values#equal}, extended to maps, and exact for doubles (the value codec keeps every bit). */
  static boolean deepEqual(Object a, Object b) {
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      var xi = x.entrySet().iterator();
      var yi = y.entrySet().iterator();
      while (xi.hasNext()) {
        var xe = xi.next();
        var ye = yi.next();
        if (!deepEqual(xe.getKey(), ye.getKey()) || !deepEqual(xe.getValue(), ye.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Double x && b instanceof Double y) {
      return Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(y);
    }
    if (a instanceof Object[] x && b instanceof Object[] y) {
      if (x.length != y.length) {
        return false;
      }
      for (int i = 0; i < x.length; i++) {
        if (!deepEqual(x[i], y[i])) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!deepEqual(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return Values.equal(a, b);
  }

  @Test
  void smallNumbersTakeOneByteAndNullsOnlyABit() {
    var codec = RowValueCodec.of(Schema.parse("a INT, b LONG, c TIMESTAMP, d STRING, e DOUBLE"));
    assertThat(codec.encode(new Object[] {1, -1L, 60L, null, null})).hasSize(1 + 3);
    assertThat(codec.encode(new Object[] {null, null, null, null, null})).hasSize(1);
  }

  @Test
  void truncatedInputIsRejected() {
    var codec = new RowValueCodec(List.of(DataType.STRING, new MapType(DataType.INT, DataType.INT, true)));
    byte[] bytes = codec.encode(new Object[] {"hello", Map.of(1, 2)});
    for (int length = 0; length < bytes.length; length++) {
      byte[] cut = java.util.Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> codec.decode(cut)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
