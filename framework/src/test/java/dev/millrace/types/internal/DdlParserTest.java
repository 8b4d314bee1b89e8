package dev.millrace.types.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.types.ArrayType;
import dev.millrace.types.DataType;
import dev.millrace.types.DecimalType;
import dev.millrace.types.Field;
import dev.millrace.types.MapType;
import dev.millrace.types.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DdlParserTest {

  private static final String TYPES = "Types: STRING, INT, LONG, DOUBLE, DECIMAL(p,s), BOOLEAN, TIMESTAMP, DATE, BINARY, "
      + "ARRAY<T>, MAP<K, V>, STRUCT<name: T, ...>";

  @ParameterizedTest
  @CsvSource({
      "STRING, STRING", "string, STRING", "VARCHAR(20), STRING", "char(1), STRING", "VarChar ( 255 ), STRING",
      "INT, INT", "integer, INT", "LONG, LONG", "BIGINT, LONG", "bigint, LONG", "DOUBLE, DOUBLE",
      "BOOLEAN, BOOLEAN", "TIMESTAMP, TIMESTAMP", "timestamp_ltz, TIMESTAMP", "DATE, DATE", "BINARY, BINARY"})
  void parsesPrimitiveTypesAndTheirAliases(String ddl, String expected) {
    assertThat(DdlParser.parseType(ddl)).isEqualTo(DataType.parse(expected)).hasToString(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "DECIMAL | 10 | 0", "decimal(5) | 5 | 0", "DECIMAL(10,2) | 10 | 2", "DEC( 38 , 18 ) | 38 | 18",
      "NUMERIC(1,1) | 1 | 1", "numeric | 10 | 0"})
  void parsesDecimalWithSparkDefaults(String ddl, int precision, int scale) {
    assertThat(DdlParser.parseType(ddl)).isEqualTo(new DecimalType(precision, scale));
  }

  @Test
  void parsesArrayOfNullableElements() {
    assertThat(DdlParser.parseType("ARRAY<STRING>")).isEqualTo(new ArrayType(DataType.STRING, true));
  }

  @Test
  void parsesArrayAndMapWithNotNullElementsAndValues() {
    assertThat(DdlParser.parseType("array<int not null>")).isEqualTo(new ArrayType(DataType.INT, false));
    assertThat(DdlParser.parseType("MAP<STRING, DOUBLE NOT NULL>"))
        .isEqualTo(new MapType(DataType.STRING, DataType.DOUBLE, false));
  }

  @Test
  void parsesMapOfArrayWithAdjacentClosingBrackets() {
    assertThat(DdlParser.parseType("MAP<STRING,ARRAY<INT>>"))
        .isEqualTo(new MapType(DataType.STRING, new ArrayType(DataType.INT, true), true));
  }

  @Test
  void parsesStructWithAndWithoutColons() {
    assertThat(DdlParser.parseType("STRUCT<a: INT, b STRING NOT NULL, `c d`:DATE COMMENT 'x'>")).isEqualTo(Schema.of(
        Field.of("a", DataType.INT), new Field("b", DataType.STRING, false), Field.of("c d", DataType.DATE)));
  }

  @Test
  void parsesEmptyStruct() {
    assertThat(DdlParser.parseType("STRUCT< >")).isEqualTo(Schema.of());
  }

  @Test
  void parsesNestedArrayOfStruct() {
    DataType type = DdlParser.parseType("ARRAY<STRUCT<sku: STRING, lines: ARRAY<STRUCT<qty: INT, price: DECIMAL(9,2)>>>>");
    Schema line = Schema.of(Field.of("qty", DataType.INT), Field.of("price", new DecimalType(9, 2)));
    Schema item = Schema.of(Field.of("sku", DataType.STRING), Field.of("lines", DataType.array(line)));
    assertThat(type).isEqualTo(DataType.array(item));
  }

  @Test
  void parsesSchemaWithWhitespaceEverywhere() {
    Schema schema = DdlParser.parseSchema("\n  id\tSTRING  NOT   NULL ,amount DOUBLE,\n tags ARRAY < STRING > \n");
    assertThat(schema).isEqualTo(Schema.of(new Field("id", DataType.STRING, false), Field.of("amount", DataType.DOUBLE),
        Field.of("tags", DataType.array(DataType.STRING))));
  }

  @Test
  void parsesTheDesignDocumentSourceSchema() {
    Schema schema = Schema.parse("event_id STRING, user_id STRING, event_time TIMESTAMP, page STRING, amount DOUBLE");
    assertThat(schema.names()).containsExactly("event_id", "user_id", "event_time", "page", "amount");
    assertThat(schema.field(2)).isEqualTo(Field.of("event_time", DataType.TIMESTAMP));
  }

  @Test
  void ignoresCommentsInEitherQuoteWithEscapes() {
    Schema schema = DdlParser.parseSchema(
        "a INT COMMENT 'it''s' , b INT NOT NULL COMMENT \"say \\\"hi\\\"\", c INT COMMENT 'x' NOT NULL");
    assertThat(schema).isEqualTo(Schema.of(Field.of("a", DataType.INT), new Field("b", DataType.INT, false),
        new Field("c", DataType.INT, false)));
  }

  @Test
  void readsBacktickQuotedNamesWithEscapedBackticks() {
    Schema schema = DdlParser.parseSchema("`my col` STRING, `a``b` INT, `x,y:z` LONG, `1st` DATE");
    assertThat(schema.names()).containsExactly("my col", "a`b", "x,y:z", "1st");
  }

  @Test
  void acceptsKeywordsAndDigitsAsPlainFieldNames() {
    Schema schema = DdlParser.parseSchema("date DATE, comment STRING, not INT, 2nd LONG");
    assertThat(schema.names()).containsExactly("date", "comment", "not", "2nd");
    assertThat(schema.field(2).nullable()).isTrue();
  }

  @Test
  void acceptsColonBetweenNameAndTypeAtTopLevel() {
    assertThat(DdlParser.parseSchema("a: INT")).isEqualTo(Schema.of(Field.of("a", DataType.INT)));
  }

  @Test
  void roundTripsEverySchemaThroughToDdl() {
    Schema nested = Schema.of(new Field("qty", DataType.INT, false), Field.of("tags", new MapType(DataType.STRING,
        new ArrayType(DataType.DATE, false), false)));
    Schema schema = Schema.of(
        new Field("id", DataType.STRING, false), Field.of("n", DataType.INT), Field.of("l", DataType.LONG),
        Field.of("d", DataType.DOUBLE), Field.of("dec", new DecimalType(38, 18)), Field.of("b", DataType.BOOLEAN),
        Field.of("ts", DataType.TIMESTAMP), Field.of("day", DataType.DATE), Field.of("bytes", DataType.BINARY),
        Field.of("my col", DataType.array(nested)), new Field("a`b", nested, false), Field.of("empty", Schema.of()),
        Field.of("m", DataType.map(DataType.array(DataType.INT), DataType.STRING)));

    String ddl = schema.toDdl();

    assertThat(ddl).isEqualTo("id STRING NOT NULL, n INT, l LONG, d DOUBLE, dec DECIMAL(38,18), b BOOLEAN, "
        + "ts TIMESTAMP, day DATE, bytes BINARY, "
        + "`my col` ARRAY<STRUCT<qty: INT NOT NULL, tags: MAP<STRING, ARRAY<DATE NOT NULL> NOT NULL>>>, "
        + "`a``b` STRUCT<qty: INT NOT NULL, tags: MAP<STRING, ARRAY<DATE NOT NULL> NOT NULL>> NOT NULL, "
        + "empty STRUCT<>, m MAP<ARRAY<INT>, STRING>");
    assertThat(DdlParser.parseSchema(ddl)).isEqualTo(schema);
    assertThat(DdlParser.parseType(schema.sql())).isEqualTo(schema);
  }

  @Test
  void quotesOnlyNamesThatAreNotPlainIdentifiers() {
    assertThat(DdlParser.quoteName("event_id2")).isEqualTo("event_id2");
    assertThat(DdlParser.quoteName("order id")).isEqualTo("`order id`");
    assertThat(DdlParser.quoteName("a`b")).isEqualTo("`a``b`");
    assertThat(DdlParser.quoteName("$x")).isEqualTo("`$x`");
  }

  // ---- errors

  @Test
  void suggestsTheClosestTypeForAMisspelling() {
    assertThatThrownBy(() -> DdlParser.parseSchema("event_id STRNG, amount DOUBLE"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot parse schema 'event_id STRNG, amount DOUBLE': unknown type 'STRNG' at position 9; "
            + "did you mean STRING? " + TYPES);
  }

  @ParameterizedTest
  @CsvSource({"doubel, DOUBLE", "TIMESTMP, TIMESTAMP", "BOOL, BOOLEAN", "Intt, INT", "arary, ARRAY", "STRCT, STRUCT"})
  void suggestsTypesForCommonMisspellings(String typo, String suggestion) {
    assertThatThrownBy(() -> DdlParser.parseType(typo))
        .hasMessage("Cannot parse type '" + typo + "': unknown type '" + typo + "' at position 0; did you mean "
            + suggestion + "? " + TYPES);
  }

  @Test
  void listsTheTypesWithoutSuggestionForAnUnrelatedWord() {
    assertThatThrownBy(() -> DdlParser.parseType("ARRAY<UUID>"))
        .hasMessage("Cannot parse type 'ARRAY<UUID>': unknown type 'UUID' at position 6; " + TYPES);
  }

  @ParameterizedTest
  @CsvSource({"FLOAT, DOUBLE: Millrace has no 32-bit floating-point type",
      "real, DOUBLE: Millrace has no 32-bit floating-point type",
      "SMALLINT, INT: Millrace has no 8- or 16-bit integer type", "tinyint, INT: Millrace has no 8- or 16-bit integer type",
      "SHORT, INT: Millrace has no 8- or 16-bit integer type", "BYTE, INT: Millrace has no 8- or 16-bit integer type",
      "TIMESTAMP_NTZ, 'TIMESTAMP: Millrace timestamps are instants in UTC, with no local time type'"})
  void rejectsTypesMillraceDoesNotHaveWithTheTypeToUse(String type, String hint) {
    assertThatThrownBy(() -> DdlParser.parseSchema("x " + type))
        .hasMessage("Cannot parse schema 'x " + type + "': unsupported type '" + type + "' at position 2; use " + hint);
  }

  @Test
  void rejectsAnEmptySchemaWithAnExample() {
    assertThatThrownBy(() -> DdlParser.parseSchema("   "))
        .hasMessage("Cannot parse schema '   ': the schema is empty at position 3; list at least one field as "
            + "'name TYPE', e.g. 'event_id STRING, amount DOUBLE'");
  }

  @Test
  void rejectsAnEmptyType() {
    assertThatThrownBy(() -> DdlParser.parseType(""))
        .hasMessage("Cannot parse type '': the type is empty at position 0; write a type: " + TYPES.substring(7));
  }

  @Test
  void rejectsNullInput() {
    assertThatThrownBy(() -> DdlParser.parseSchema(null)).isInstanceOf(NullPointerException.class).hasMessage("ddl");
  }

  @Test
  void rejectsATrailingComma() {
    assertThatThrownBy(() -> DdlParser.parseSchema("a INT,"))
        .hasMessage("Cannot parse schema 'a INT,': expected a field name, found end of input at position 6; "
            + "remove the trailing comma or add a field after it");
    assertThatThrownBy(() -> DdlParser.parseType("STRUCT<a INT,>"))
        .hasMessage("Cannot parse type 'STRUCT<a INT,>': expected a field name, found '>' at position 13; "
            + "remove the trailing comma or add a field after it");
  }

  @Test
  void rejectsAMissingComma() {
    assertThatThrownBy(() -> DdlParser.parseSchema("id STRING amount DOUBLE"))
        .hasMessage("Cannot parse schema 'id STRING amount DOUBLE': expected ',' or end of input, found 'amount' "
            + "at position 10; separate fields with commas, as in 'id STRING, amount DOUBLE'");
  }

  @Test
  void rejectsAFieldWithoutType() {
    assertThatThrownBy(() -> DdlParser.parseSchema("id STRING, amount"))
        .hasMessage("Cannot parse schema 'id STRING, amount': expected the type of field 'amount', found end of input "
            + "at position 17; " + TYPES);
  }

  @Test
  void rejectsAnUnquotedNameWithSpecialCharacters() {
    assertThatThrownBy(() -> DdlParser.parseSchema("a INT, $b INT"))
        .hasMessage("Cannot parse schema 'a INT, $b INT': expected a field name, found '$' at position 7; quote names "
            + "that contain other characters than letters, digits and '_' in backticks, e.g. `my col` STRING");
  }

  @Test
  void rejectsAnUnterminatedQuotedName() {
    assertThatThrownBy(() -> DdlParser.parseSchema("a INT, `b INT"))
        .hasMessage("Cannot parse schema 'a INT, `b INT': unterminated quoted name at position 7; close the name with "
            + "a backtick; write `` for a backtick inside a name");
  }

  @Test
  void rejectsAnEmptyQuotedName() {
    assertThatThrownBy(() -> DdlParser.parseSchema("`` INT"))
        .hasMessage("Cannot parse schema '`` INT': empty field name `` at position 0; "
            + "a field name needs at least one character");
  }

  @Test
  void rejectsDuplicateFieldNamesWithBothPositions() {
    assertThatThrownBy(() -> DdlParser.parseSchema("id STRING, amount DOUBLE, id LONG"))
        .hasMessage("Cannot parse schema 'id STRING, amount DOUBLE, id LONG': duplicate field name 'id' at position 26; "
            + "a field of that name is already defined at position 0; field names must be unique");
  }

  @Test
  void rejectsDuplicateFieldNamesInsideAStructButAllowsTheSameNameAtAnotherLevel() {
    assertThat(DdlParser.parseSchema("a STRUCT<a: INT>").names()).containsExactly("a");
    assertThatThrownBy(() -> DdlParser.parseType("STRUCT<x INT, `x` LONG>"))
        .hasMessage("Cannot parse type 'STRUCT<x INT, `x` LONG>': duplicate field name 'x' at position 14; "
            + "a field of that name is already defined at position 7; field names must be unique");
  }

  @Test
  void treatsFieldNamesAsCaseSensitive() {
    assertThat(DdlParser.parseSchema("id INT, ID INT").names()).containsExactly("id", "ID");
  }

  @Test
  void rejectsDecimalPrecisionOutOfRange() {
    assertThatThrownBy(() -> DdlParser.parseType("DECIMAL(39, 2)"))
        .hasMessage("Cannot parse type 'DECIMAL(39, 2)': DECIMAL precision 39 is out of range at position 8; "
            + "the precision must be between 1 and 38");
    assertThatThrownBy(() -> DdlParser.parseType("DECIMAL(0)"))
        .hasMessage("Cannot parse type 'DECIMAL(0)': DECIMAL precision 0 is out of range at position 8; "
            + "the precision must be between 1 and 38");
    assertThatThrownBy(() -> DdlParser.parseType("DECIMAL(99999999999)"))
        .hasMessageContaining("DECIMAL precision 9223372036854775807 is out of range at position 8");
  }

  @Test
  void rejectsDecimalScaleAbovePrecision() {
    assertThatThrownBy(() -> DdlParser.parseType("DECIMAL(3,5)"))
        .hasMessage("Cannot parse type 'DECIMAL(3,5)': DECIMAL scale 5 is greater than the precision 3 at position 10; "
            + "the scale must be between 0 and the precision");
  }

  @Test
  void rejectsMalformedDecimalParameters() {
    assertThatThrownBy(() -> DdlParser.parseType("DECIMAL(10,)"))
        .hasMessage("Cannot parse type 'DECIMAL(10,)': expected a scale, found ')' at position 11; "
            + "write a whole number such as 10");
    assertThatThrownBy(() -> DdlParser.parseType("DECIMAL(10 2)"))
        .hasMessage("Cannot parse type 'DECIMAL(10 2)': expected ')' after the DECIMAL precision and scale, "
            + "found '2' at position 11");
    assertThatThrownBy(() -> DdlParser.parseType("DECIMAL(-1)"))
        .hasMessage("Cannot parse type 'DECIMAL(-1)': expected a precision, found '-' at position 8; "
            + "write a whole number such as 10");
  }

  @Test
  void rejectsVarcharWithoutLength() {
    assertThatThrownBy(() -> DdlParser.parseType("VARCHAR"))
        .hasMessage("Cannot parse type 'VARCHAR': expected '(' after VARCHAR, found end of input at position 7; "
            + "give a length, e.g. VARCHAR(255), or write STRING");
  }

  @Test
  void rejectsUnclosedAndMalformedComplexTypes() {
    assertThatThrownBy(() -> DdlParser.parseType("ARRAY<INT"))
        .hasMessage("Cannot parse type 'ARRAY<INT': expected '>' to close ARRAY<, found end of input at position 9");
    assertThatThrownBy(() -> DdlParser.parseType("ARRAY(INT)"))
        .hasMessage("Cannot parse type 'ARRAY(INT)': expected '<' after ARRAY, as in ARRAY<STRING>, found '(' "
            + "at position 5");
    assertThatThrownBy(() -> DdlParser.parseType("MAP<STRING>"))
        .hasMessage("Cannot parse type 'MAP<STRING>': expected ',' between the key and value types of MAP, found '>' "
            + "at position 10");
    assertThatThrownBy(() -> DdlParser.parseType("STRUCT<a INT; b INT>"))
        .hasMessage("Cannot parse type 'STRUCT<a INT; b INT>': expected ',' or '>' in STRUCT, found ';' at position 12; "
            + "separate STRUCT fields with commas and close it with '>'");
  }

  @Test
  void rejectsNotNullOnAMapKey() {
    assertThatThrownBy(() -> DdlParser.parseType("MAP<STRING NOT NULL, INT>"))
        .hasMessage("Cannot parse type 'MAP<STRING NOT NULL, INT>': NOT NULL on a MAP key at position 11; "
            + "map keys are never null; remove NOT NULL");
  }

  @Test
  void rejectsNotWithoutNull() {
    assertThatThrownBy(() -> DdlParser.parseSchema("id STRING NOT NUL"))
        .hasMessage("Cannot parse schema 'id STRING NOT NUL': expected NULL after NOT, found 'NUL' at position 14");
  }

  @Test
  void rejectsARepeatedModifier() {
    assertThatThrownBy(() -> DdlParser.parseSchema("id STRING NOT NULL NOT NULL"))
        .hasMessage("Cannot parse schema 'id STRING NOT NULL NOT NULL': field 'id' has NOT NULL twice at position 19; "
            + "write it once");
  }

  @Test
  void rejectsUnterminatedOrMissingComment() {
    assertThatThrownBy(() -> DdlParser.parseSchema("id STRING COMMENT 'oops"))
        .hasMessage("Cannot parse schema 'id STRING COMMENT 'oops': unterminated comment string at position 18; "
            + "close it with '");
    assertThatThrownBy(() -> DdlParser.parseSchema("id STRING COMMENT oops"))
        .hasMessage("Cannot parse schema 'id STRING COMMENT oops': expected a quoted comment after COMMENT, "
            + "found 'oops' at position 18; write COMMENT 'text'");
  }

  @Test
  void rejectsTrailingInputAfterAType() {
    assertThatThrownBy(() -> DdlParser.parseType("INT INT"))
        .hasMessage("Cannot parse type 'INT INT': expected end of input, found 'INT' at position 4");
  }

  @Test
  void rejectsAMissingTypeInsideArray() {
    assertThatThrownBy(() -> DdlParser.parseType("ARRAY<>"))
        .hasMessage("Cannot parse type 'ARRAY<>': expected the element type of ARRAY, found '>' at position 6; "
            + TYPES);
  }
}
