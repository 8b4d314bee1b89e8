package dev.millrace.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowsTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void mapsEachTypeToItsJavaClass() {
    assertThat(Rows.javaClass(DataType.STRING)).isEqualTo(String.class);
    assertThat(Rows.javaClass(DataType.INT)).isEqualTo(Integer.class);
    assertThat(Rows.javaClass(DataType.LONG)).isEqualTo(Long.class);
    assertThat(Rows.javaClass(DataType.DOUBLE)).isEqualTo(Double.class);
    assertThat(Rows.javaClass(DataType.BOOLEAN)).isEqualTo(Boolean.class);
    assertThat(Rows.javaClass(DataType.TIMESTAMP)).isEqualTo(Instant.class);
    assertThat(Rows.javaClass(DataType.DATE)).isEqualTo(LocalDate.class);
    assertThat(Rows.javaClass(DataType.BINARY)).isEqualTo(byte[].class);
    assertThat(Rows.javaClass(DataType.decimal(5, 2))).isEqualTo(BigDecimal.class);
    assertThat(Rows.javaClass(DataType.array(DataType.INT))).isEqualTo(List.class);
    assertThat(Rows.javaClass(DataType.map(DataType.STRING, DataType.INT))).isEqualTo(Map.class);
    assertThat(Rows.javaClass(Schema.parse("a INT"))).isEqualTo(Row.class);
  }

  @Test
  void acceptsARowOfEveryTypeIncludingNulls() {
    Schema schema = Schema.parse("s STRING NOT NULL, i INT, l LONG, d DOUBLE, dec DECIMAL(5,2), b BOOLEAN, "
        + "ts TIMESTAMP, day DATE, bin BINARY, tags ARRAY<STRING>, attrs MAP<STRING, INT>, "
        + "point STRUCT<x: DOUBLE NOT NULL, y: DOUBLE>, n STRING");
    Row row = Row.of("s", 1, 2L, 3.0, new BigDecimal("123.40"), false, Instant.parse("2026-01-01T00:00:00.123456Z"),
        LocalDate.of(2026, 1, 1), new byte[0], Arrays.asList("a", null), Map.of("k", 1), Row.of(1.0, null), null);

    assertThat(Rows.checkConforms(schema, row)).isSameAs(row);
    assertThat(Rows.conforms(schema, row)).isTrue();
  }

  @Test
  void rejectsAValueOfTheWrongJavaClassNamingFieldTypeAndValue() {
    Schema schema = Schema.parse("event_id STRING, amount DOUBLE");

    assertThatThrownBy(() -> Rows.checkConforms(schema, Row.of("e1", "12.5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Row [e1,12.5] does not match schema 'event_id STRING, amount DOUBLE': field 'amount' holds a "
            + "java.lang.String (\"12.5\"), but its type DOUBLE needs a java.lang.Double");
    assertThat(Rows.conforms(schema, Row.of("e1", 12))).isFalse();
  }

  @Test
  void rejectsNullInANotNullField() {
    Schema schema = Schema.parse("id STRING NOT NULL");

    assertThatThrownBy(() -> Rows.checkConforms(schema, Row.of((Object) null)))
        .hasMessage("Row [null] does not match schema 'id STRING NOT NULL': field 'id' is null, but its type STRING "
            + "is NOT NULL");
  }

  @Test
  void rejectsARowOfAnotherArity() {
    assertThatThrownBy(() -> Rows.checkConforms(Schema.parse("a INT, b INT"), Row.of(1)))
        .hasMessage("Row [1] does not match schema 'a INT, b INT': it has 1 value but the schema has 2 fields");
  }

  @Test
  void namesThePathOfAWrongValueNestedInArraysMapsAndStructs() {
    Schema schema = Schema.parse("items ARRAY<STRUCT<sku: STRING, price: DOUBLE>>, attrs MAP<STRING, ARRAY<INT>>");

    assertThatThrownBy(() -> Rows.checkConforms(schema,
        Row.of(List.of(Row.of("a", 1.0), Row.of("b", 2)), Map.of())))
        .hasMessage("Row [[[a,1.0], [b,2]],{}] does not match schema 'items ARRAY<STRUCT<sku: STRING, price: DOUBLE>>, "
            + "attrs MAP<STRING, ARRAY<INT>>': field 'items[1].price' holds a java.lang.Integer (2), but its type "
            + "DOUBLE needs a java.lang.Double");
    assertThatThrownBy(() -> Rows.checkConforms(schema, Row.of(List.of(), Map.of("k", List.of(1, 2L)))))
        .hasMessageEndingWith("field 'attrs[\"k\"][1]' holds a java.lang.Long (2), but its type INT needs a "
            + "java.lang.Integer");
    assertThatThrownBy(() -> Rows.checkConforms(schema, Row.of(List.of(), Map.of(7, List.of()))))
        .hasMessageEndingWith("field 'attrs[7] (key)' holds a java.lang.Integer (7), but its type STRING needs a "
            + "java.lang.String");
  }

  @Test
  void rejectsNullsWhereArraysMapsAndStructsDoNotAllowThem() {
    Schema schema = Schema.parse("a ARRAY<INT NOT NULL>, m MAP<STRING, INT NOT NULL>, s STRUCT<x: INT NOT NULL>");
    Map<String, Integer> nullKey = new HashMap<>();
    nullKey.put(null, 1);
    Map<String, Integer> nullValue = new HashMap<>();
    nullValue.put("k", null);

    assertThatThrownBy(() -> Rows.checkConforms(schema, Row.of(Arrays.asList(1, null), Map.of(), Row.of(1))))
        .hasMessageEndingWith("field 'a[1]' is null, but its type INT is NOT NULL");
    assertThatThrownBy(() -> Rows.checkConforms(schema, Row.of(List.of(), nullValue, Row.of(1))))
        .hasMessageEndingWith("field 'm[\"k\"]' is null, but its type INT is NOT NULL");
    assertThatThrownBy(() -> Rows.checkConforms(schema, Row.of(List.of(), nullKey, Row.of(1))))
        .hasMessageEndingWith("field 'm' has a null map key, but MAP keys are never null");
    assertThatThrownBy(() -> Rows.checkConforms(schema, Row.of(List.of(), Map.of(), Row.of((Object) null))))
        .hasMessageEndingWith("field 's.x' is null, but its type INT is NOT NULL");
  }

  @Test
  void rejectsAStructOfAnotherArity() {
    assertThatThrownBy(() -> Rows.checkConforms(Schema.parse("p STRUCT<x: INT, y: INT>"), Row.of(Row.of(1))))
        .hasMessage("Row [[1]] does not match schema 'p STRUCT<x: INT, y: INT>': field 'p' holds a row of 1 value "
            + "([1]), but its type STRUCT<x: INT, y: INT> has 2 fields");
  }

  @Test
  void checksThatDecimalsFitPrecisionAndScale() {
    Schema schema = Schema.parse("price DECIMAL(5,2)");

    assertThat(Rows.conforms(schema, Row.of(new BigDecimal("999.99")))).isTrue();
    assertThat(Rows.conforms(schema, Row.of(new BigDecimal("-1.5000")))).isTrue();
    assertThat(Rows.conforms(schema, Row.of(new BigDecimal("0.000000")))).isTrue();
    assertThat(Rows.conforms(schema, Row.of(new BigDecimal("1E+2")))).isTrue();
    assertThatThrownBy(() -> Rows.checkConforms(schema, Row.of(new BigDecimal("1.234"))))
        .hasMessage("Row [1.234] does not match schema 'price DECIMAL(5,2)': field 'price' holds 1.234, which has 3 "
            + "digits after the point, but DECIMAL(5,2) allows 2; round it with setScale(2, RoundingMode.HALF_UP)");
    assertThatThrownBy(() -> Rows.checkConforms(schema, Row.of(new BigDecimal("1000"))))
        .hasMessage("Row [1000] does not match schema 'price DECIMAL(5,2)': field 'price' holds 1000, which has 4 "
            + "digits before the point, but DECIMAL(5,2) allows 3; use a DECIMAL with a larger precision");
    assertThat(Rows.conforms(Schema.parse("f DECIMAL(2,2)"), Row.of(new BigDecimal("0.99")))).isTrue();
  }

  @Test
  void rejectsTimestampsFinerThanAMicrosecond() {
    Instant nanos = Instant.parse("2026-01-01T00:00:00.000000001Z");

    assertThatThrownBy(() -> Rows.checkConforms(Schema.parse("ts TIMESTAMP"), Row.of(nanos)))
        .hasMessage("Row [2026-01-01T00:00:00.000000001Z] does not match schema 'ts TIMESTAMP': field 'ts' holds "
            + "2026-01-01T00:00:00.000000001Z, finer than a microsecond, which TIMESTAMP cannot hold; truncate it with "
            + "instant.truncatedTo(ChronoUnit.MICROS)");
    assertThat(Rows.conforms(Schema.parse("ts TIMESTAMP"), Row.of(T0.plusNanos(1_000)))).isTrue();
  }

  @Test
  void ignoresTheRowsOwnSchemaAndMatchesByPosition() {
    Row row = Row.withSchema(Schema.parse("x STRING, y INT"), "a", 1);

    assertThat(Rows.conforms(Schema.parse("p STRING, q INT"), row)).isTrue();
  }

  @Test
  void cutsLongValuesInMessages() {
    String longText = "x".repeat(100);

    assertThatThrownBy(() -> Rows.checkConforms(Schema.parse("n INT"), Row.of(longText)))
        .hasMessageContaining("holds a java.lang.String (\"" + "x".repeat(56) + "...), but its type INT");
  }
}
