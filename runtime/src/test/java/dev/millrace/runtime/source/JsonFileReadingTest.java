package dev.millrace.runtime.source;

import static dev.millrace.runtime.source.SourceTestSupport.readAll;
import static dev.millrace.runtime.source.SourceTestSupport.reader;
import static dev.millrace.runtime.source.SourceTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.errors.MillraceException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFileReadingTest {

  /** 2026-01-01T00:00:00Z in microseconds: 20454 days of 86400 s since the epoch. */
  private static final long NEW_YEAR_2026 = 20_454L * 86_400L * 1_000_000L;

  @TempDir
  Path dir;

  private Object[] single(String ddl, String line) {
    var result = readAll(reader("json", ddl, Map.of("mode", "FAILFAST"), dir), write(dir, "f.json", line + "\n"));
    assertThat(result.rows()).hasSize(1);
    return result.rows().get(0);
  }

  private Object value(String type, String json) {
    return single("v " + type, "{\"v\": " + json + "}")[0];
  }

  private String malformedReason(String type, String json) {
    var reader = reader("json", "v " + type, Map.of("mode", "FAILFAST"), dir);
    var file = write(dir, "f.json", "{\"v\": " + json + "}\n");
    try {
      reader.read(file, row -> {});
    } catch (MillraceException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected " + json + " to be malformed as " + type);
  }

  @Test
  void readsEveryScalarTypeInFileOrder() {
    var result = readAll(reader("json",
            "s STRING, i INT, l LONG, d DOUBLE, b BOOLEAN, ts TIMESTAMP, dt DATE, dec DECIMAL(5,2), bin BINARY",
            Map.of(), dir),
        write(dir, "f.json", """
            {"s":"hello","i":42,"l":9000000000,"d":2.5,"b":true,"ts":"2026-01-01T00:00:00.017Z","dt":"2026-01-01","dec":123.45,"bin":"aGk="}
            {"s":"second","i":-1}
            """));

    assertThat(result.rows()).hasSize(2);
    Object[] first = result.rows().get(0);
    assertThat(Arrays.copyOf(first, 8)).containsExactly("hello", 42, 9_000_000_000L, 2.5, true,
        NEW_YEAR_2026 + 17_000, 20_454, new BigDecimal("123.45"));
    assertThat((byte[]) first[8]).containsExactly('h', 'i');
    assertThat(first[9]).isNull(); // _corrupt_record
    assertThat(result.rows().get(1)).containsExactly("second", -1, null, null, null, null, null, null, null, null);
    assertThat(result.counts()).isEqualTo(new ReadCounts(2, 2, 0, 0));
  }

  @Test
  void permissiveRowsEndWithTheCorruptRecordColumn() {
    var reader = reader("json", "id STRING", Map.of(), dir);
    assertThat(reader.schema().toDdl()).isEqualTo("id STRING, _corrupt_record STRING");
  }

  @Test
  void timestampsAreIsoTextInMicrosecondsOrEpochSecondNumbers() {
    String ts = "TIMESTAMP";
    assertThat(value(ts, "\"2026-01-01T00:00:00.017Z\"")).isEqualTo(NEW_YEAR_2026 + 17_000);
    assertThat(value(ts, "\"2026-01-01T00:00:00.000001Z\"")).isEqualTo(NEW_YEAR_2026 + 1);
    assertThat(value(ts, "\"2026-01-01T01:30:00+01:30\"")).isEqualTo(NEW_YEAR_2026);
    assertThat(value(ts, "\"2025-12-31T19:00:00-0500\"")).isEqualTo(NEW_YEAR_2026);
    assertThat(value(ts, "\"2026-01-01T00:00:00\"")).isEqualTo(NEW_YEAR_2026); // no zone: UTC
    assertThat(value(ts, "\"2026-01-01 00:00:00.017\"")).isEqualTo(NEW_YEAR_2026 + 17_000);
    assertThat(value(ts, "\"2026-01-01T00:00\"")).isEqualTo(NEW_YEAR_2026);
    assertThat(value(ts, "\"2026-01-01\"")).isEqualTo(NEW_YEAR_2026);
    assertThat(value(ts, "\"2026-01-01T01:00:00 Europe/Paris\"")).isEqualTo(NEW_YEAR_2026);
    // digits beyond the microsecond are dropped
    assertThat(value(ts, "\"1970-01-01T00:00:00.123456789Z\"")).isEqualTo(123_456L);
    assertThat(value(ts, "\"1969-12-31T23:59:59.999999Z\"")).isEqualTo(-1L);
    assertThat(value(ts, "\"1900-01-01T00:00:00Z\"")).isEqualTo(-2_208_988_800_000_000L);
    // an integral number is seconds since the epoch, as in Spark
    assertThat(value(ts, "1767225600")).isEqualTo(NEW_YEAR_2026);
    assertThat(value(ts, "-1")).isEqualTo(-1_000_000L);
    assertThat(malformedReason(ts, "1.5")).contains("expected TIMESTAMP but got the number 1.5");
    assertThat(malformedReason(ts, "\"2026-13-01T00:00:00Z\"")).contains("cannot read '2026-13-01T00:00:00Z'");
    assertThat(malformedReason(ts, "\"yesterday\"")).contains("cannot read 'yesterday' as TIMESTAMP");
    assertThat(malformedReason(ts, "\"2026-01-01T25:00:00\"")).contains("as TIMESTAMP");
  }

  @Test
  void datesAreDaysSinceTheEpoch() {
    assertThat(value("DATE", "\"2026-01-01\"")).isEqualTo(20_454);
    assertThat(value("DATE", "\"1970-01-01\"")).isEqualTo(0);
    assertThat(value("DATE", "\"1969-12-31\"")).isEqualTo(-1);
    assertThat(value("DATE", "\"2024-02-29\"")).isEqualTo(19_782);
    assertThat(malformedReason("DATE", "\"2025-02-29\"")).contains("cannot read '2025-02-29' as DATE");
    assertThat(malformedReason("DATE", "20454")).contains("expected DATE but got the number 20454");
  }

  @Test
  void decimalsTakeTheColumnsScaleRoundingHalfUp() {
    String dec = "DECIMAL(5,2)";
    assertThat(value(dec, "1.005")).isEqualTo(new BigDecimal("1.01"));
    assertThat(value(dec, "-1.005")).isEqualTo(new BigDecimal("-1.01"));
    assertThat(value(dec, "1.004")).isEqualTo(new BigDecimal("1.00"));
    assertThat(value(dec, "7")).isEqualTo(new BigDecimal("7.00"));
    assertThat(value(dec, "\"999.99\"")).isEqualTo(new BigDecimal("999.99"));
    // commas are ignored, as Spark's default decimal parser does
    assertThat(value("DECIMAL(6,2)", "\"1,234\"")).isEqualTo(new BigDecimal("1234.00"));
    assertThat(value(dec, "1E+2")).isEqualTo(new BigDecimal("100.00"));
    assertThat(malformedReason(dec, "1000")).contains("1000 does not fit DECIMAL(5,2)");
    // rounds up to 1000.00, which has four digits before the point
    assertThat(malformedReason(dec, "999.995")).contains("999.995 does not fit DECIMAL(5,2)");
    assertThat(malformedReason(dec, "\"abc\"")).contains("cannot read 'abc' as DECIMAL(5,2)");
    assertThat(malformedReason(dec, "true")).contains("expected DECIMAL(5,2) but got true");
  }

  @Test
  void integersMustBeIntegralAndInRange() {
    assertThat(value("INT", "2147483647")).isEqualTo(Integer.MAX_VALUE);
    assertThat(value("INT", "-2147483648")).isEqualTo(Integer.MIN_VALUE);
    assertThat(value("LONG", "2147483648")).isEqualTo(2_147_483_648L);
    assertThat(value("LONG", "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    assertThat(malformedReason("INT", "2147483648")).contains("expected INT but got the number 2147483648");
    assertThat(malformedReason("LONG", "9223372036854775808")).contains("expected LONG");
    assertThat(malformedReason("INT", "1.0")).contains("expected INT but got the number 1.0");
    // Spark's JSON reader does not read integers from strings
    assertThat(malformedReason("INT", "\"12\"")).contains("expected INT but got the string '12'");
  }

  @Test
  void doublesAcceptNumbersAndSparksSpecialValues() {
    assertThat(value("DOUBLE", "1")).isEqualTo(1.0);
    assertThat(value("DOUBLE", "-0.25")).isEqualTo(-0.25);
    assertThat(value("DOUBLE", "1e3")).isEqualTo(1000.0);
    assertThat(value("DOUBLE", "\"NaN\"")).isEqualTo(Double.NaN);
    assertThat(value("DOUBLE", "NaN")).isEqualTo(Double.NaN);
    assertThat(value("DOUBLE", "\"Infinity\"")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(value("DOUBLE", "\"-Infinity\"")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(value("DOUBLE", "-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(malformedReason("DOUBLE", "\"2.5\"")).contains("expected DOUBLE but got the string '2.5'");
  }

  @Test
  void booleansAreJsonTrueAndFalseOnly() {
    assertThat(value("BOOLEAN", "false")).isEqualTo(false);
    assertThat(malformedReason("BOOLEAN", "\"true\"")).contains("expected BOOLEAN but got the string 'true'");
    assertThat(malformedReason("BOOLEAN", "1")).contains("expected BOOLEAN");
  }

  @Test
  void stringsTakeOtherScalarsAsTheirTextAndNestedValuesAsCompactJson() {
    assertThat(value("STRING", "\"caf\\u00e9 \\\"q\\\"\"")).isEqualTo("café \"q\"");
    assertThat(value("STRING", "1.50")).isEqualTo("1.50");
    assertThat(value("STRING", "true")).isEqualTo("true");
    assertThat(value("STRING", "{\"a\": 1, \"b\": [true, null, \"x\"]}"))
        .isEqualTo("{\"a\":1,\"b\":[true,null,\"x\"]}");
    assertThat(value("STRING", "[ 1 , 2 ]")).isEqualTo("[1,2]");
    assertThat(value("STRING", "'single'")).isEqualTo("single");
  }

  @Test
  void binaryIsBase64() {
    assertThat((byte[]) value("BINARY", "\"AAEC/w==\"")).containsExactly(0, 1, 2, -1);
    assertThat(malformedReason("BINARY", "\"not base64!\"")).contains("as base64 BINARY");
  }

  @Test
  void readsNestedStructsArraysAndMaps() {
    Object[] row = single(
        "user STRUCT<name: STRING, age: INT, address: STRUCT<city: STRING>>, tags ARRAY<STRING>,"
            + " scores MAP<STRING, DOUBLE>, matrix ARRAY<ARRAY<INT>>, byId MAP<INT, ARRAY<TIMESTAMP>>",
        "{\"user\":{\"name\":\"ann\",\"age\":7,\"address\":{\"city\":\"Oslo\",\"zip\":\"0150\"}},"
            + "\"tags\":[\"a\",null,\"c\"],\"scores\":{\"x\":1.5,\"y\":null},\"matrix\":[[1,2],[],[3]],"
            + "\"byId\":{\"10\":[\"2026-01-01T00:00:00Z\"]}}");

    Object[] user = (Object[]) row[0];
    assertThat(user).hasSize(3);
    assertThat(user[0]).isEqualTo("ann");
    assertThat(user[1]).isEqualTo(7);
    assertThat((Object[]) user[2]).containsExactly("Oslo");
    assertThat(row[1]).isEqualTo(Arrays.asList("a", null, "c"));
    var scores = new LinkedHashMap<Object, Object>();
    scores.put("x", 1.5);
    scores.put("y", null);
    assertThat(row[2]).isEqualTo(scores);
    assertThat(row[3]).isEqualTo(List.of(List.of(1, 2), List.of(), List.of(3)));
    assertThat(row[4]).isEqualTo(Map.of(10, List.of(NEW_YEAR_2026)));
  }

  @Test
  void aBadValueInsideANestedValueNullsTheTopLevelFieldOnly() {
    var reader = reader("json", "id STRING, tags ARRAY<INT>, user STRUCT<age: INT>, n INT", Map.of(), dir);
    String line = "{\"id\":\"a\",\"tags\":[1,\"two\",{\"x\":[3]}],\"user\":{\"age\":\"old\"},\"n\":5}";
    var result = readAll(reader, write(dir, "f.json", line + "\n"));
    assertThat(result.rows().get(0)).containsExactly("a", null, null, 5, line);
    assertThat(result.counts()).isEqualTo(new ReadCounts(1, 1, 1, 0));
  }

  @Test
  void fieldNamesMatchExactlyThenIgnoringCase() {
    Object[] row = single("id STRING, Name STRING, count INT",
        "{\"ID\":\"a\",\"Name\":\"exact\",\"COUNT\":3,\"unknown\":{\"deep\":[1,2,{\"x\":1}]},\"more\":1}");
    assertThat(row).containsExactly("a", "exact", 3);
  }

  @Test
  void missingFieldsAndJsonNullsAreNull() {
    assertThat(single("a STRING, b INT, c ARRAY<INT>", "{\"b\":null}")).containsExactly(null, null, null);
    assertThat(single("a STRING", "{}")).containsExactly((Object) null);
  }

  @Test
  void aNullInANotNullFieldIsMalformed() {
    var reader = reader("json", "id STRING NOT NULL, n INT", Map.of("mode", "DROPMALFORMED"), dir);
    var result = readAll(reader, write(dir, "f.json", """
        {"id":"a","n":1}
        {"id":null,"n":2}
        {"n":3}
        """));
    assertThat(result.rows()).hasSize(1);
    assertThat(result.rows().get(0)).containsExactly("a", 1);
    assertThat(result.counts()).isEqualTo(new ReadCounts(3, 1, 0, 2));
    assertThat(malformedReason("ARRAY<INT NOT NULL>", "[1,null]")).contains("element 1 is null");
  }

  @Test
  void blankLinesAreSkippedAndCarriageReturnsAccepted() {
    var result = readAll(reader("json", "n INT", Map.of(), dir),
        write(dir, "f.json", "{\"n\":1}\r\n\r\n   \n{\"n\":2}"));
    assertThat(result.rows()).extracting(r -> r[0]).containsExactly(1, 2);
    assertThat(result.counts()).isEqualTo(new ReadCounts(2, 2, 0, 0));
  }

  @Test
  void permissiveKeepsTheFieldsThatParsedAndTheRawLine() {
    var reader = reader("json", "id STRING, amount DOUBLE, n INT", Map.of(), dir);
    String badValue = "{\"id\":\"a\",\"amount\":\"oops\",\"n\":3}";
    String badNested = "{\"id\":\"b\",\"amount\":[1,2],\"n\":4}";
    String notJson = "{\"id\":\"c\",\"amount\":";
    String notAnObject = "[1,2]";
    var result = readAll(reader, write(dir, "f.json",
        String.join("\n", "{\"id\":\"ok\",\"amount\":1.5,\"n\":1}", badValue, badNested, notJson, notAnObject, "")));

    assertThat(result.rows()).hasSize(5);
    assertThat(result.rows().get(0)).containsExactly("ok", 1.5, 1, null);
    assertThat(result.rows().get(1)).containsExactly("a", null, 3, badValue);
    assertThat(result.rows().get(2)).containsExactly("b", null, 4, badNested);
    // not JSON at all: no field is kept, as in Spark
    assertThat(result.rows().get(3)).containsExactly(null, null, null, notJson);
    assertThat(result.rows().get(4)).containsExactly(null, null, null, notAnObject);
    assertThat(result.counts()).isEqualTo(new ReadCounts(5, 5, 4, 0));
  }

  @Test
  void permissiveUsesTheColumnNamedByColumnNameOfCorruptRecord() {
    var reader = reader("json", "id STRING", Map.of("columnNameOfCorruptRecord", "bad_line"), dir);
    assertThat(reader.schema().toDdl()).isEqualTo("id STRING, bad_line STRING");
    var result = readAll(reader, write(dir, "f.json", "{\"id\":\"a\"}\nnope\n"));
    assertThat(result.rows()).containsExactly(new Object[] {"a", null}, new Object[] {null, "nope"});
  }

  @Test
  void aDeclaredCorruptRecordColumnIsFilledAndNotReadFromTheFile() {
    var reader = reader("json", "_corrupt_record STRING, id STRING", Map.of(), dir);
    var result = readAll(reader,
        write(dir, "f.json", "{\"id\":\"a\",\"_corrupt_record\":\"ignored\"}\n{\"id\":1}}\n"));
    assertThat(result.rows()).containsExactly(new Object[] {null, "a"}, new Object[] {"{\"id\":1}}", null});
  }

  @Test
  void dropMalformedDropsAndCountsBadRecords() {
    var reader = reader("json", "id STRING, n INT", Map.of("mode", "dropMalformed"), dir);
    assertThat(reader.schema().toDdl()).isEqualTo("id STRING, n INT");
    var result = readAll(reader, write(dir, "f.json", """
        {"id":"a","n":1}
        {"id":"b","n":"x"}
        garbage
        {"id":"c","n":3}
        """));
    assertThat(result.rows()).containsExactly(new Object[] {"a", 1}, new Object[] {"c", 3});
    assertThat(result.counts()).isEqualTo(new ReadCounts(4, 2, 0, 2));
  }

  @Test
  void failFastNamesTheFileTheLineTheReasonAndTheRecord() {
    var reader = reader("json", "id STRING, n INT", Map.of("mode", "FAILFAST"), dir);
    var file = write(dir, "events-1.json", "{\"id\":\"a\",\"n\":1}\n\n{\"id\":\"b\",\"n\":\"x\"}\n");
    var rows = new ArrayList<Object[]>();

    assertThatThrownBy(() -> reader.read(file, rows::add))
        .isInstanceOf(MillraceException.class)
        .hasMessage("Malformed record in " + dir.resolve("events-1.json") + " line 3: field 'n': expected INT but"
            + " got the string 'x'. Record: {\"id\":\"b\",\"n\":\"x\"}. With mode FAILFAST the source stops at the"
            + " first malformed record; fix the file, or use mode PERMISSIVE (keeps the record's text in the"
            + " _corrupt_record column) or DROPMALFORMED (drops it) to keep going.");
    assertThat(rows).hasSize(1);
  }

  @Test
  void failFastTruncatesALongRecordTo200Characters() {
    var reader = reader("json", "id STRING", Map.of("mode", "FAILFAST"), dir);
    String longLine = "{\"id\":" + "1".repeat(300);
    var file = write(dir, "f.json", longLine + "\n");

    assertThatThrownBy(() -> reader.read(file, row -> {}))
        .hasMessageContaining("line 1: invalid JSON")
        .hasMessageContaining("Record: " + longLine.substring(0, 200) + "...")
        .hasMessageNotContaining(longLine.substring(0, 201));
  }

  @Test
  void invalidUtf8IsReplacedNotFatal() throws Exception {
    byte[] bytes = "{\"s\":\"a\u00ffb\"}\n".getBytes(StandardCharsets.ISO_8859_1);
    Files.write(dir.resolve("latin1.json"), bytes);
    var result = readAll(reader("json", "s STRING", Map.of(), dir), new SourceFile("latin1.json", bytes.length));
    assertThat(result.rows().get(0)[0]).isEqualTo("a\uFFFDb");
  }

  @Test
  void linesEndAtLfCrOrCrLfAcrossTheReadBufferAndBlankLinesAreSkipped() {
    // 3000 short lines and one value of 1.5 MB, so lines cross the 1 MB read buffer and one outgrows it.
    var text = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      text.append("{\"n\":").append(i).append("}").append(i % 3 == 0 ? "\r\n" : i % 3 == 1 ? "\r" : "\n");
    }
    String big = "x".repeat(1_500_000);
    text.append("   \t\n\n{\"s\":\"").append(big).append("\"}\n{\"s\":\"\u00e9t\u00e9 \u2713\"}\nnot json");
    var reader = reader("json", "n INT, s STRING", Map.of(), dir);

    var result = readAll(reader, write(dir, "lines.json", text.toString()));

    assertThat(result.rows()).hasSize(3003);
    for (int i = 0; i < 3000; i++) {
      assertThat(result.rows().get(i)[0]).isEqualTo(i);
    }
    assertThat(result.rows().get(3000)[1]).isEqualTo(big);
    assertThat(result.rows().get(3001)[1]).isEqualTo("\u00e9t\u00e9 \u2713");
    // The last line has no line end, is malformed and kept (PERMISSIVE) with its text.
    assertThat(result.rows().get(3002)).containsExactly(null, null, "not json");
    assertThat(result.counts()).isEqualTo(new ReadCounts(3003, 3003, 1, 0));
  }

  @Test
  void aLineThatIsNotOneWholeObjectIsMalformedAloneAndTheNextLinesStillParse() {
    // An object cut at the line's end does not take the next line with it, and content after an object is malformed.
    String spillsOver = "{\"n\":2,";
    String restOfIt = "\"s\":\"x\"}";
    String twoObjects = "{\"n\":4} {\"n\":5}";
    String unterminated = "{\"s\":\"open";
    String badValue = "{\"n\":\"eight\",\"s\":\"y\"}";
    String text = String.join("\n", "{\"n\":1}", spillsOver, restOfIt, twoObjects, unterminated, "{\"n\":6}",
        "\f", "{\"n\":7} \t", badValue, "{\"n\":9}", "");

    var result = readAll(reader("json", "n INT, s STRING", Map.of(), dir), write(dir, "f.json", text));

    assertThat(result.rows()).containsExactly(
        new Object[] {1, null, null},
        new Object[] {null, null, spillsOver},
        new Object[] {null, null, restOfIt},
        new Object[] {null, null, twoObjects},
        new Object[] {null, null, unterminated},
        new Object[] {6, null, null},
        new Object[] {7, null, null},
        new Object[] {null, "y", badValue},
        new Object[] {9, null, null});
    assertThat(result.counts()).isEqualTo(new ReadCounts(9, 9, 5, 0));
  }
}
