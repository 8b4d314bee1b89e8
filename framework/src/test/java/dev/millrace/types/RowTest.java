package dev.millrace.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowTest {

  private static final Schema EVENT = Schema.parse("event_id STRING, user_id STRING, event_time TIMESTAMP, amount DOUBLE");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void holdsValuesInOrder() {
    Row row = Row.of("e1", 7, null);

    assertThat(row.size()).isEqualTo(3);
    assertThat(row.get(0)).isEqualTo("e1");
    assertThat(row.get(1)).isEqualTo(7);
    assertThat(row.isNullAt(2)).isTrue();
    assertThat(row.isNullAt(1)).isFalse();
    assertThat(row.toList()).containsExactly("e1", 7, null);
    assertThat(row.schema()).isEmpty();
  }

  @Test
  void copiesTheValueArraySoLaterChangesDoNotLeakIn() {
    Object[] values = {"a", "b"};
    Row row = Row.of(values);
    values[0] = "changed";

    assertThat(row.get(0)).isEqualTo("a");
  }

  @Test
  void storesListsAsGivenWithoutCopying() {
    List<String> tags = new ArrayList<>(List.of("x"));
    Row row = Row.of(tags);

    assertThat(row.getList(0)).isSameAs(tags);
  }

  @Test
  void toListIsUnmodifiable() {
    assertThatThrownBy(() -> Row.of(1).toList().set(0, 2)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void buildsFromAList() {
    assertThat(Row.fromList(java.util.Arrays.asList("a", null))).isEqualTo(Row.of("a", null));
    assertThat(Row.empty().size()).isZero();
    assertThat(Row.of()).isEqualTo(Row.empty());
  }

  @Test
  void rejectsANullValueArrayWithTheFix() {
    assertThatThrownBy(() -> Row.of((Object[]) null)).isInstanceOf(NullPointerException.class)
        .hasMessage("Row.of(null) passes a null array; write Row.of((Object) null) for a row of one null value");
    assertThat(Row.of((Object) null).isNullAt(0)).isTrue();
  }

  @Test
  void returnsEachTypeFromItsTypedGetter() {
    byte[] bytes = {1, 2};
    Row struct = Row.of("inner");
    Row row = Row.of("s", 1, 2L, 3.5, true, new BigDecimal("12.50"), T0, LocalDate.of(2026, 1, 2), bytes,
        List.of(1, 2), Map.of("k", 1), struct);

    assertThat(row.getString(0)).isEqualTo("s");
    assertThat(row.getInt(1)).isEqualTo(1);
    assertThat(row.getLong(2)).isEqualTo(2L);
    assertThat(row.getDouble(3)).isEqualTo(3.5);
    assertThat(row.getBoolean(4)).isTrue();
    assertThat(row.getDecimal(5)).isEqualTo(new BigDecimal("12.50"));
    assertThat(row.getTimestamp(6)).isEqualTo(T0);
    assertThat(row.getDate(7)).isEqualTo(LocalDate.of(2026, 1, 2));
    assertThat(row.getBinary(8)).isSameAs(bytes);
    assertThat(row.<Integer>getList(9)).containsExactly(1, 2);
    assertThat(row.<String, Integer>getMap(10)).containsEntry("k", 1);
    assertThat(row.getStruct(11)).isSameAs(struct);
    assertThat(row.<Long>getAs(2)).isEqualTo(2L);
  }

  @Test
  void referenceGettersReturnNullForNull() {
    Row row = Row.of((Object) null);

    assertThat(row.getString(0)).isNull();
    assertThat(row.getDecimal(0)).isNull();
    assertThat(row.getTimestamp(0)).isNull();
    assertThat(row.getDate(0)).isNull();
    assertThat(row.getBinary(0)).isNull();
    assertThat(row.getList(0)).isNull();
    assertThat(row.getMap(0)).isNull();
    assertThat(row.getStruct(0)).isNull();
  }

  @Test
  void primitiveGetterOnNullTellsToCheckIsNullAt() {
    Row row = Row.of("a", null);

    assertThatThrownBy(() -> row.getLong(1)).isInstanceOf(NullPointerException.class)
        .hasMessage("Cannot getLong(1): the value is null; check isNullAt(1) first, or use get(1)");
    assertThatThrownBy(() -> row.getInt(1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> row.getDouble(1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> row.getBoolean(1)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void primitiveGetterOnNullNamesTheFieldWhenTheRowHasASchema() {
    Row row = Row.withSchema(EVENT, "e1", "u1", T0, null);

    assertThatThrownBy(() -> row.getDouble(3)).isInstanceOf(NullPointerException.class)
        .hasMessage("Cannot getDouble(3) of field 'amount': the value is null; check isNullAt(3) first, or use get(3)");
  }

  @Test
  void typedGetterOnAnotherTypeNamesExpectedActualAndTheRightGetter() {
    Row row = Row.withSchema(EVENT, "e1", "u1", T0, 12L);

    assertThatThrownBy(() -> row.getDouble(3)).isInstanceOf(ClassCastException.class)
        .hasMessage("Cannot getDouble(3) of field 'amount': the value is a java.lang.Long (12), not a Double; "
            + "use getLong(3)");
    assertThatThrownBy(() -> row.getInt(0)).isInstanceOf(ClassCastException.class)
        .hasMessage("Cannot getInt(0) of field 'event_id': the value is a java.lang.String (\"e1\"), not an Integer; "
            + "use getString(0)");
    assertThatThrownBy(() -> Row.of(T0).getDate(0))
        .hasMessage("Cannot getDate(0): the value is a java.time.Instant (2026-01-01T00:00:00Z), not a LocalDate; "
            + "use getTimestamp(0)");
    assertThatThrownBy(() -> Row.of(new byte[] {(byte) 0xCA, (byte) 0xFE}).getString(0))
        .hasMessage("Cannot getString(0): the value is a [B (0xCAFE), not a String; use getBinary(0)");
    assertThatThrownBy(() -> Row.of('c').getString(0))
        .hasMessage("Cannot getString(0): the value is a java.lang.Character (c), not a String; use get(0)");
  }

  @Test
  void rejectsAnIndexOutOfRange() {
    assertThatThrownBy(() -> Row.of("a", "b").get(2)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("Row [a,b] has 2 values; index 2 is out of range 0..1");
    assertThatThrownBy(() -> Row.empty().get(-1)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("Row [] has 0 values; index -1 is out of range");
  }

  @Test
  void getsFieldsByNameWhenItHasASchema() {
    Row row = Row.withSchema(EVENT, "e1", "u1", T0, 12.5);

    assertThat(row.schema()).contains(EVENT);
    assertThat(row.get("user_id")).isEqualTo("u1");
    assertThat(row.<Instant>getAs("event_time")).isEqualTo(T0);
    assertThat(row.fieldIndex("amount")).isEqualTo(3);
  }

  @Test
  void givesAnExistingRowASchema() {
    Row row = Row.of("e1", "u1", T0, 12.5).withSchema(EVENT);

    assertThat(row.getDouble(row.fieldIndex("amount"))).isEqualTo(12.5);
  }

  @Test
  void byNameOnASchemalessRowSaysHowToGiveItASchema() {
    assertThatThrownBy(() -> Row.of("e1").get("event_id")).isInstanceOf(UnsupportedOperationException.class)
        .hasMessage("Cannot get field 'event_id' of row [e1] by name: the row has no schema; use get(index), "
            + "or make the row with Row.withSchema(schema, ...)");
  }

  @Test
  void byNameWithAnUnknownNameListsTheFieldsAndSuggestsOne() {
    Row row = Row.withSchema(EVENT, "e1", "u1", T0, 12.5);

    assertThatThrownBy(() -> row.get("amout")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Row has no field 'amout'; did you mean 'amount'? Fields: event_id, user_id, event_time, amount");
    assertThatThrownBy(() -> row.getAs("page"))
        .hasMessage("Row has no field 'page'; Fields: event_id, user_id, event_time, amount");
  }

  @Test
  void rejectsASchemaOfAnotherArity() {
    assertThatThrownBy(() -> Row.withSchema(EVENT, "e1", "u1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot give a row of 2 values the schema 'event_id STRING, user_id STRING, event_time TIMESTAMP, "
            + "amount DOUBLE' of 4 fields: a row needs exactly one value per field");
    assertThatThrownBy(() -> Row.of(1).withSchema(Schema.parse("a INT, b INT")))
        .hasMessage("Cannot give a row of 1 value the schema 'a INT, b INT' of 2 fields: "
            + "a row needs exactly one value per field");
  }

  @Test
  void printsLikeSpark() {
    assertThat(Row.of("e1", "u1", T0, 12.5)).hasToString("[e1,u1,2026-01-01T00:00:00Z,12.5]");
    assertThat(Row.of(null, Row.of(1, "x"), List.of("a", "b"), new byte[] {10, 11}, new BigDecimal("1E+3")))
        .hasToString("[null,[1,x],[a, b],0x0A0B,1000]");
    assertThat(Row.of(Map.of("k", new byte[] {1}))).hasToString("[{k=0x01}]");
  }

  @Test
  void equalsComparesValuesAndIgnoresTheSchema() {
    Row plain = Row.of("e1", "u1", T0, 12.5);
    Row withSchema = Row.withSchema(EVENT, "e1", "u1", T0, 12.5);

    assertThat(plain).isEqualTo(withSchema).hasSameHashCodeAs(withSchema);
    assertThat(withSchema).isEqualTo(plain);
    assertThat(plain).isNotEqualTo(Row.of("e1", "u1", T0, 12.6));
    assertThat(plain).isNotEqualTo(Row.of("e1", "u1", T0));
    assertThat(Row.of(1)).isNotEqualTo(Row.of(1L));
    assertThat(Row.of((Object) null)).isEqualTo(Row.of((Object) null)).isNotEqualTo(Row.of("x"));
    assertThat(Row.of("x")).isNotEqualTo(Row.of((Object) null));
    assertThat(Row.of(1)).isNotEqualTo(List.of(1));
  }

  @Test
  void equalsComparesBinaryByContentEvenWhenNested() {
    Row a = Row.of(new byte[] {1, 2}, List.of(new byte[] {3}), Map.of("k", new byte[] {4}), Row.of(new byte[] {5}));
    Row b = Row.of(new byte[] {1, 2}, List.of(new byte[] {3}), Map.of("k", new byte[] {4}), Row.of(new byte[] {5}));

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(Row.of(new byte[] {1, 2}, List.of(new byte[] {9}), Map.of("k", new byte[] {4}),
        Row.of(new byte[] {5})));
    assertThat(Row.of(new byte[] {1})).isNotEqualTo(Row.of(List.of((byte) 1)));
  }

  @Test
  void equalsComparesDecimalsByNumericValueAsSparkDoes() {
    Row a = Row.of(new BigDecimal("12.5"), List.of(new BigDecimal("0")));
    Row b = Row.of(new BigDecimal("12.50"), List.of(new BigDecimal("0.000")));

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(Row.of(new BigDecimal("12.5"))).isNotEqualTo(Row.of(new BigDecimal("12.51")));
  }

  @Test
  void equalsComparesNestedMapsAndListsByEntries() {
    assertThat(Row.of(Map.of("a", 1, "b", 2))).isEqualTo(Row.of(new java.util.TreeMap<>(Map.of("b", 2, "a", 1))));
    assertThat(Row.of(Map.of("a", 1))).isNotEqualTo(Row.of(Map.of("b", 1)));
    assertThat(Row.of(Map.of("a", 1))).isNotEqualTo(Row.of(Map.of("a", 1, "b", 2)));
    assertThat(Row.of(List.of(1, 2))).isEqualTo(Row.of(new ArrayList<>(List.of(1, 2))));
    assertThat(Row.of(List.of(1, 2))).isNotEqualTo(Row.of(List.of(2, 1)));
    assertThat(Row.of(List.of(1, 2))).isNotEqualTo(Row.of(List.of(1)));
  }
}
