package dev.millrace.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EncodersTest {

  private static final String PREFIX = "Cannot create an encoder for record dev.millrace.types.EncodersTest$";
  private static final String SUPPORTED = "Supported component types: String, int/Integer, long/Long, "
      + "double/Double, boolean/Boolean, BigDecimal, Instant, LocalDate, byte[], enums, records, and List<T> and "
      + "Map<K, V> of these";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String ITEM_STRUCT = "STRUCT<sku: STRING, qty: INT NOT NULL, price: DECIMAL(38,18)>";

  enum Color { RED, GREEN }

  record Item(String sku, int qty, BigDecimal price) {}

  record Everything(String s, int i, Integer boxedInt, long l, Long boxedLong, double d, Double boxedDouble,
      boolean b, Boolean boxedBool, BigDecimal dec, Instant ts, LocalDate day, byte[] bytes, Color color,
      List<String> tags, Map<String, Integer> counts, Item item, List<Item> items, Map<String, List<Item>> byKey,
      List<Color> colors) {}

  record Order(String id, List<Item> items) {}

  record Positive(int n) {
    Positive {
      if (n <= 0) {
        throw new IllegalArgumentException("n must be positive");
      }
    }
  }

  private record Secret(String code) {}

  record Empty() {}

  private static Everything everything() {
    Item item = new Item("a", 2, new BigDecimal("1.50"));
    return new Everything("s", 1, 2, 3L, 4L, 5.5, 6.5, true, false, new BigDecimal("7.25"), T0,
        LocalDate.of(2026, 1, 2), new byte[] {1, 2}, Color.GREEN, List.of("x", "y"), Map.of("k", 9), item,
        Arrays.asList(item, null), Map.of("g", List.of(item)), List.of(Color.RED, Color.GREEN));
  }

  @Test
  void derivesTheSchemaFromComponentsInDeclarationOrder() {
    Encoder<Everything> encoder = Encoders.of(Everything.class);

    assertThat(encoder.type()).isEqualTo(Everything.class);
    assertThat(encoder.schema().toDdl()).isEqualTo("s STRING, i INT NOT NULL, boxedInt INT, l LONG NOT NULL, "
        + "boxedLong LONG, d DOUBLE NOT NULL, boxedDouble DOUBLE, b BOOLEAN NOT NULL, boxedBool BOOLEAN, "
        + "dec DECIMAL(38,18), ts TIMESTAMP, day DATE, bytes BINARY, color STRING, tags ARRAY<STRING>, "
        + "counts MAP<STRING, INT>, item " + ITEM_STRUCT + ", items ARRAY<" + ITEM_STRUCT + ">, "
        + "byKey MAP<STRING, ARRAY<" + ITEM_STRUCT + ">>, colors ARRAY<STRING>");
  }

  @Test
  void convertsARecordToARowOfTheJavaRepresentationOfEachType() {
    Everything value = everything();

    Row row = Encoders.of(Everything.class).toRow(value);

    Row item = Row.of("a", 2, new BigDecimal("1.50"));
    assertThat(row).isEqualTo(Row.of("s", 1, 2, 3L, 4L, 5.5, 6.5, true, false, new BigDecimal("7.25"), T0,
        LocalDate.of(2026, 1, 2), new byte[] {1, 2}, "GREEN", List.of("x", "y"), Map.of("k", 9), item,
        Arrays.asList(item, null), Map.of("g", List.of(item)), List.of("RED", "GREEN")));
    assertThat(row.schema()).contains(Encoders.of(Everything.class).schema());
    assertThat(row.getStruct(16).schema()).contains(Encoders.of(Item.class).schema());
    assertThat(row.getList(14)).isSameAs(value.tags());
    assertThat(row.getBinary(12)).isSameAs(value.bytes());
    assertThat(Rows.conforms(row.schema().orElseThrow(), row)).isTrue();
  }

  @Test
  void roundTripsARecordWithEveryType() {
    Encoder<Everything> encoder = Encoders.of(Everything.class);
    Everything value = everything();

    Everything back = encoder.fromRow(encoder.toRow(value));

    assertThat(back).usingRecursiveComparison().isEqualTo(value);
    assertThat(back.color()).isSameAs(Color.GREEN);
    assertThat(back.items().get(0)).isEqualTo(new Item("a", 2, new BigDecimal("1.50")));
    assertThat(back.items().get(1)).isNull();
    assertThat(back.byKey().get("g")).containsExactly(new Item("a", 2, new BigDecimal("1.50")));
  }

  @Test
  void roundTripsNullsInEveryNullableComponent() {
    Encoder<Everything> encoder = Encoders.of(Everything.class);
    Everything value = new Everything(null, 1, null, 3L, null, 5.5, null, true, null, null, null, null, null, null,
        null, null, null, null, null, null);

    Row row = encoder.toRow(value);

    assertThat(row).isEqualTo(Row.of(null, 1, null, 3L, null, 5.5, null, true, null, null, null, null, null, null,
        null, null, null, null, null, null));
    assertThat(encoder.fromRow(row)).isEqualTo(value);
  }

  @Test
  void readsARowWithASchemaByFieldNameIgnoringOrderAndExtraFields() {
    Row row = Row.withSchema(Schema.parse("extra INT, qty INT, price DECIMAL(38,18), sku STRING"),
        1, 2, BigDecimal.TEN, "a");

    assertThat(Encoders.of(Item.class).fromRow(row)).isEqualTo(new Item("a", 2, BigDecimal.TEN));
    Row second = Row.withSchema(Schema.parse("extra INT, qty INT, price DECIMAL(38,18), sku STRING"),
        5, 6, null, "b");
    assertThat(Encoders.of(Item.class).fromRow(second)).isEqualTo(new Item("b", 6, null));
  }

  @Test
  void readsARowWithoutASchemaByPosition() {
    assertThat(Encoders.of(Item.class).fromRow(Row.of("a", 2, null))).isEqualTo(new Item("a", 2, null));
  }

  @Test
  void encodesPrivateAndEmptyRecords() {
    Encoder<Secret> secret = Encoders.of(Secret.class);

    assertThat(secret.fromRow(secret.toRow(new Secret("x")))).isEqualTo(new Secret("x"));
    assertThat(Encoders.of(Empty.class).toRow(new Empty())).isEqualTo(Row.empty());
    assertThat(Encoders.of(Empty.class).fromRow(Row.empty())).isEqualTo(new Empty());
  }

  @Test
  void cachesOneEncoderPerClass() {
    assertThat(Encoders.of(Item.class)).isSameAs(Encoders.of(Item.class));
  }

  @Test
  void singleValueEncodersUseAColumnNamedValue() {
    assertThat(Encoders.STRING.schema().toDdl()).isEqualTo("value STRING");
    assertThat(Encoders.INT.schema().toDdl()).isEqualTo("value INT");
    assertThat(Encoders.LONG.schema().toDdl()).isEqualTo("value LONG");
    assertThat(Encoders.DOUBLE.schema().toDdl()).isEqualTo("value DOUBLE");
    assertThat(Encoders.BOOLEAN.schema().toDdl()).isEqualTo("value BOOLEAN");
    assertThat(Encoders.TIMESTAMP.schema().toDdl()).isEqualTo("value TIMESTAMP");
    assertThat(Encoders.DATE.schema().toDdl()).isEqualTo("value DATE");
    assertThat(Encoders.DECIMAL.schema().toDdl()).isEqualTo("value DECIMAL(38,18)");
    assertThat(Encoders.BINARY.schema().toDdl()).isEqualTo("value BINARY");
    assertThat(Encoders.TIMESTAMP.type()).isEqualTo(Instant.class);
  }

  @Test
  void singleValueEncodersRoundTripValuesAndNull() {
    Row row = Encoders.STRING.toRow("a");

    assertThat(row).isEqualTo(Row.of("a"));
    assertThat(row.get("value")).isEqualTo("a");
    assertThat(Encoders.STRING.fromRow(row)).isEqualTo("a");
    assertThat(Encoders.LONG.fromRow(Encoders.LONG.toRow(42L))).isEqualTo(42L);
    assertThat(Encoders.TIMESTAMP.fromRow(Row.of(T0))).isEqualTo(T0);
    assertThat(Encoders.INT.fromRow(Encoders.INT.toRow(null))).isNull();
  }

  @Test
  void singleValueEncoderReadsAnyOneColumnRow() {
    Row row = Row.withSchema(Schema.parse("page STRING"), "home");

    assertThat(Encoders.STRING.fromRow(row)).isEqualTo("home");
  }

  @Test
  void singleValueEncoderRejectsWrongTypesAndWidths() {
    assertThatThrownBy(() -> Encoders.DOUBLE.fromRow(Row.of(12)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot convert row [12] to Double: its value is a java.lang.Integer (12), not a java.lang.Double");
    assertThatThrownBy(() -> Encoders.STRING.fromRow(Row.of("a", "b")))
        .hasMessage("Cannot convert row [a,b] to String: the row has 2 values, but an encoder of single values reads "
            + "rows of one column (value STRING); select one column first");
  }

  @Test
  void ofReturnsSingleValueEncodersForTheirClasses() {
    assertThat(Encoders.of(String.class)).isSameAs(Encoders.STRING);
    assertThat(Encoders.of(int.class)).isSameAs(Encoders.INT);
    assertThat(Encoders.of(Long.class)).isSameAs(Encoders.LONG);
    assertThat(Encoders.of(byte[].class)).isSameAs(Encoders.BINARY);
  }

  // ---- conversion errors

  @Test
  void rejectsNullForAPrimitiveComponentNamingRecordAndComponent() {
    assertThatThrownBy(() -> Encoders.of(Item.class).fromRow(Row.of("a", null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot convert row [a,null,null] to Item: field 'qty' is null, but Item.qty is a primitive int; "
            + "declare it as Integer to allow nulls, or filter out the rows with nulls");
  }

  @Test
  void rejectsAValueOfAnotherJavaType() {
    assertThatThrownBy(() -> Encoders.of(Item.class).fromRow(Row.of("a", 2L, null)))
        .hasMessage("Cannot convert row [a,2,null] to Item: field 'qty' holds a java.lang.Long (2), but the component "
            + "needs a java.lang.Integer");
  }

  @Test
  void namesThePathOfABadValueInANestedRecord() {
    Row row = Row.of("o1", List.of(Row.of("a", 1, null), Row.of("b", "x", null)));

    assertThatThrownBy(() -> Encoders.of(Order.class).fromRow(row))
        .hasMessage("Cannot convert row [o1,[[a,1,null], [b,x,null]]] to Order: field 'items[1].qty' holds a "
            + "java.lang.String (\"x\"), but the component needs a java.lang.Integer");
  }

  @Test
  void rejectsANestedValueThatIsNotARow() {
    assertThatThrownBy(() -> Encoders.of(Order.class).fromRow(Row.of("o1", List.of("x"))))
        .hasMessage("Cannot convert row [o1,[x]] to Order: field 'items[0]' holds a java.lang.String (\"x\"), but the "
            + "component is the record Item, read from a Row (STRUCT)");
    assertThatThrownBy(() -> Encoders.of(Order.class).fromRow(Row.of("o1", "x")))
        .hasMessage("Cannot convert row [o1,x] to Order: field 'items' holds a java.lang.String (\"x\"), but the "
            + "component needs a java.util.List");
  }

  @Test
  void rejectsANestedRowOfTheWrongArity() {
    assertThatThrownBy(() -> Encoders.of(Order.class).fromRow(Row.of("o1", List.of(Row.of("a")))))
        .hasMessage("Cannot convert row [o1,[[a]]] to Order: field 'items[0]': the row has 1 value but Item has 3 "
            + "components; give the row a schema to match fields by name, or one value per component in declaration "
            + "order");
  }

  @Test
  void rejectsAStringThatIsNotAnEnumConstant() {
    Row row = Encoders.of(Everything.class).toRow(everything());
    Object[] values = row.toList().toArray();
    values[13] = "PURPLE";
    values[19] = List.of("RED", "BLUE");

    assertThatThrownBy(() -> Encoders.of(Everything.class).fromRow(Row.of(values)))
        .hasMessageEndingWith(" to Everything: field 'color' holds \"PURPLE\", which is not a constant of enum Color "
            + "(RED, GREEN)");
    values[13] = "RED";
    assertThatThrownBy(() -> Encoders.of(Everything.class).fromRow(Row.of(values)))
        .hasMessageEndingWith(" to Everything: field 'colors[1]' holds \"BLUE\", which is not a constant of enum "
            + "Color (RED, GREEN)");
  }

  @Test
  void namesMapKeysInThePathOfABadValue() {
    Row row = Encoders.of(Everything.class).toRow(everything());
    Object[] values = row.toList().toArray();
    values[18] = Map.of("g", List.of(Row.of("a", 1.5, null)));

    assertThatThrownBy(() -> Encoders.of(Everything.class).fromRow(Row.of(values)))
        .hasMessageEndingWith(" to Everything: field 'byKey[\"g\"][0].qty' holds a java.lang.Double (1.5), but the "
            + "component needs a java.lang.Integer");
  }

  @Test
  void rejectsARowWithASchemaThatLacksAComponent() {
    Row row = Row.withSchema(Schema.parse("sku STRING, qty INT"), "a", 1);

    assertThatThrownBy(() -> Encoders.of(Item.class).fromRow(row))
        .hasMessage("Cannot convert row [a,1] to Item: the row has no field 'price' for component Item.price "
            + "(fields: sku, qty); rename the column or the component");
  }

  @Test
  void rejectsASchemalessRowOfTheWrongArity() {
    assertThatThrownBy(() -> Encoders.of(Item.class).fromRow(Row.of("a")))
        .hasMessage("Cannot convert row [a] to Item: the row has 1 value but Item has 3 components; give the row a "
            + "schema to match fields by name, or one value per component in declaration order");
  }

  @Test
  void reportsAConstructorThatRejectsTheValues() {
    assertThatThrownBy(() -> Encoders.of(Positive.class).fromRow(Row.of(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot convert row [0] to Positive: the constructor of Positive rejected the values: "
            + "java.lang.IllegalArgumentException: n must be positive")
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(Encoders.of(Positive.class).fromRow(Row.of(3))).isEqualTo(new Positive(3));
  }

  @Test
  void rejectsANullRecord() {
    assertThatThrownBy(() -> Encoders.of(Item.class).toRow(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("Cannot convert a null Item to a row; filter out null values first");
  }

  // ---- unsupported types

  record WithFloat(String id, float score) {}

  record WithObject(Object payload) {}

  @SuppressWarnings("rawtypes")
  record WithRawList(List tags) {}

  record WithSet(Set<String> tags) {}

  record WithFloatList(List<Float> scores) {}

  record WithBuilder(StringBuilder text) {}

  record WithIntArray(int[] values) {}

  record WithWildcard(List<? extends Number> values) {}

  record WithDateTime(java.time.LocalDateTime at) {}

  record Box<T>(T value) {}

  record Node(String id, List<Node> children) {}

  record Outer(String id, Inner inner) {}

  record Inner(short code) {}

  record Ping(Pong pong) {}

  record Pong(List<Ping> pings) {}

  @Test
  void rejectsFloatWithTheTypeToUse() {
    assertThatThrownBy(() -> Encoders.of(WithFloat.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(PREFIX + "WithFloat: component WithFloat.score has type float, which Millrace cannot store; "
            + "use double. " + SUPPORTED);
  }

  @Test
  void rejectsUnsupportedComponentTypesEachWithAHint() {
    assertThatThrownBy(() -> Encoders.of(WithObject.class))
        .hasMessage(PREFIX + "WithObject: component WithObject.payload has type Object, which Millrace cannot store; "
            + "declare a concrete type. " + SUPPORTED);
    assertThatThrownBy(() -> Encoders.of(WithRawList.class))
        .hasMessage(PREFIX + "WithRawList: component WithRawList.tags has type List, which Millrace cannot store; "
            + "declare the element type, as in List<String>. " + SUPPORTED);
    assertThatThrownBy(() -> Encoders.of(WithSet.class))
        .hasMessage(PREFIX + "WithSet: component WithSet.tags has type Set<String>, which Millrace cannot store; "
            + "declare it as List<T>. " + SUPPORTED);
    assertThatThrownBy(() -> Encoders.of(WithFloatList.class))
        .hasMessage(PREFIX + "WithFloatList: component WithFloatList.scores has type List<Float>, and Millrace "
            + "cannot store its Float; use double. " + SUPPORTED);
    assertThatThrownBy(() -> Encoders.of(WithBuilder.class))
        .hasMessage(PREFIX + "WithBuilder: component WithBuilder.text has type StringBuilder, which Millrace cannot "
            + "store; it is neither a record nor an enum; make it a record, or use one of the supported types. "
            + SUPPORTED);
    assertThatThrownBy(() -> Encoders.of(WithIntArray.class))
        .hasMessage(PREFIX + "WithIntArray: component WithIntArray.values has type int[], which Millrace cannot "
            + "store; use List<Integer>. " + SUPPORTED);
    assertThatThrownBy(() -> Encoders.of(WithWildcard.class))
        .hasMessage(PREFIX + "WithWildcard: component WithWildcard.values has type List<? extends Number>, and "
            + "Millrace cannot store its ? extends Number; use a concrete type argument, as in List<String>. "
            + SUPPORTED);
    assertThatThrownBy(() -> Encoders.of(WithDateTime.class))
        .hasMessage(PREFIX + "WithDateTime: component WithDateTime.at has type LocalDateTime, which Millrace cannot "
            + "store; use Instant, since TIMESTAMP is an instant in UTC. " + SUPPORTED);
  }

  @Test
  void rejectsGenericRecords() {
    assertThatThrownBy(() -> Encoders.of(Box.class))
        .hasMessage(PREFIX + "Box: component Box.value has type T, which Millrace cannot store; Encoders.of needs "
            + "concrete types, so a generic record cannot be encoded. " + SUPPORTED);
  }

  @Test
  void namesThePathToAnUnsupportedComponentOfANestedRecord() {
    assertThatThrownBy(() -> Encoders.of(Outer.class))
        .hasMessage(PREFIX + "Outer: component Inner.code (reached through Outer.inner) has type short, which "
            + "Millrace cannot store; use int. " + SUPPORTED);
  }

  @Test
  void rejectsRecursiveRecords() {
    assertThatThrownBy(() -> Encoders.of(Node.class))
        .hasMessage(PREFIX + "Node: component Node.children refers back to record Node, and a row schema cannot "
            + "contain itself; store the link as an id (such as a String or long) instead");
    assertThatThrownBy(() -> Encoders.of(Ping.class))
        .hasMessage(PREFIX + "Ping: component Pong.pings (reached through Ping.pong) refers back to record Ping, and "
            + "a row schema cannot contain itself; store the link as an id (such as a String or long) instead");
  }

  @Test
  void rejectsAClassThatIsNotARecord() {
    assertThatThrownBy(() -> Encoders.of(StringBuilder.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot create an encoder for java.lang.StringBuilder: it is not a record. Encoders.of supports "
            + "Java records, such as record Event(String id, double amount) {}, and the single values String, "
            + "Integer, Long, Double, Boolean, Instant, LocalDate, BigDecimal and byte[]");
  }

  @Test
  void usesARecordTwiceWithoutCallingItRecursive() {
    record Pair(Item left, Item right) {}

    assertThat(Encoders.of(Pair.class).schema().toDdl())
        .isEqualTo("left " + ITEM_STRUCT + ", right " + ITEM_STRUCT);
  }
}
