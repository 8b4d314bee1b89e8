package dev.millrace.runtime.source;

import static dev.millrace.runtime.source.SourceTestSupport.readAll;
import static dev.millrace.runtime.source.SourceTestSupport.reader;
import static dev.millrace.runtime.source.SourceTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.errors.MillraceException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFileReadingTest {

  /** 2026-01-01T00:00:00Z in microseconds: 20454 days of 86400 s since the epoch. */
  private static final long NEW_YEAR_2026 = 20_454L * 86_400L * 1_000_000L;

  @TempDir
  Path dir;

  private SourceTestSupport.Result read(String ddl, Map<String, String> options, String content) {
    return readAll(reader("csv", ddl, options, dir), write(dir, "f.csv", content));
  }

  private String failFast(String ddl, Map<String, String> options, String content) {
    var reader = reader("csv", ddl, options, dir);
    var file = write(dir, "f.csv", content);
    try {
      reader.read(file, row -> {});
    } catch (MillraceException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a malformed record in " + content);
  }

  @Test
  void readsEveryTypeFromTextByPosition() {
    var result = read("s STRING, i INT, l LONG, d DOUBLE, b BOOLEAN, ts TIMESTAMP, dt DATE, dec DECIMAL(5,2),"
            + " bin BINARY", Map.of("mode", "FAILFAST"),
        "hello,42,9000000000,2.5,TRUE,2026-01-01T00:00:00.017Z,2026-01-01,1.005,hi\n"
            + "x,-7,-1,NaN,false,2026-01-01 01:00:00+01:00,1969-12-31,-999.99,\n");

    assertThat(result.rows()).hasSize(2);
    Object[] first = result.rows().get(0);
    assertThat(Arrays.copyOf(first, 8)).containsExactly("hello", 42, 9_000_000_000L, 2.5, true,
        NEW_YEAR_2026 + 17_000, 20_454, new BigDecimal("1.01"));
    // BINARY from CSV is the text's UTF-8 bytes, as in Spark (JSON reads base64)
    assertThat((byte[]) first[8]).containsExactly('h', 'i');
    assertThat(result.rows().get(1)).containsExactly("x", -7, -1L, Double.NaN, false, NEW_YEAR_2026, -1,
        new BigDecimal("-999.99"), null);
    assertThat(result.counts()).isEqualTo(new ReadCounts(2, 2, 0, 0));
  }

  @Test
  void doublesAcceptSparksSpecialValues() {
    var result = read("d DOUBLE", Map.of(), "Inf\n-Inf\nInfinity\n1e3\n");
    assertThat(result.rows()).extracting(r -> r[0])
        .containsExactly(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1000.0);
  }

  @Test
  void theHeaderLineIsSkippedWhenHeaderIsTrue() {
    String content = "id,n\na,1\nb,2\n";
    var withHeader = read("id STRING, n INT", Map.of("header", "true"), content);
    assertThat(withHeader.rows()).containsExactly(new Object[] {"a", 1, null}, new Object[] {"b", 2, null});
    assertThat(withHeader.counts()).isEqualTo(new ReadCounts(2, 2, 0, 0));

    // without the option the header is a record, and "n" is not an INT
    var withoutHeader = read("id STRING, n INT", Map.of(), content);
    assertThat(withoutHeader.rows().get(0)).containsExactly("id", null, "id,n");
    assertThat(withoutHeader.counts()).isEqualTo(new ReadCounts(3, 3, 1, 0));
  }

  @Test
  void theDelimiterIsConfigurableAndBackslashTIsATab() {
    assertThat(read("a STRING, b INT", Map.of("delimiter", ";"), "x;1\n").rows().get(0))
        .containsExactly("x", 1, null);
    assertThat(read("a STRING, b INT", Map.of("sep", "\\t"), "x,y\t1\n").rows().get(0))
        .containsExactly("x,y", 1, null);
    assertThat(read("a STRING, b INT", Map.of("SEP", "\t"), "x\t2\n").rows().get(0))
        .containsExactly("x", 2, null);
  }

  @Test
  void quotedCellsMayHoldDelimitersQuotesAndNewlines() {
    var result = read("a STRING, b INT", Map.of("mode", "FAILFAST"),
        "\"x,y\",1\n\"say \\\"hi\\\"\",2\n\"two\nlines\",3\n\"doubled \"\"quote\"\"\",4\n");
    assertThat(result.rows()).extracting(r -> r[0])
        .containsExactly("x,y", "say \"hi\"", "two\nlines", "doubled \"quote\"");
    assertThat(result.rows()).extracting(r -> r[1]).containsExactly(1, 2, 3, 4);
  }

  @Test
  void quoteAndEscapeAreConfigurable() {
    assertThat(read("a STRING, b INT", Map.of("quote", "'"), "'x,y',1\n").rows().get(0))
        .containsExactly("x,y", 1, null);
    assertThat(read("a STRING", Map.of("quote", "'", "escape", "#"), "'it#'s'\n").rows().get(0))
        .containsExactly("it's", null);
    // with quoting off a quote is an ordinary character
    assertThat(read("a STRING, b STRING", Map.of("quote", ""), "\"x,y\"\n").rows().get(0))
        .containsExactly("\"x", "y\"", null);
  }

  @Test
  void emptyCellsAndTheNullValueAreNull() {
    var result = read("a STRING, b INT, c STRING", Map.of(), "x,,\"\"\n");
    assertThat(result.rows().get(0)).containsExactly("x", null, null, null);

    var custom = read("a STRING, b INT, c STRING", Map.of("nullValue", "NA"), "NA,NA,\"\"\n,,NA\n");
    // as in Spark, an unquoted empty cell stays null and a quoted one is the empty string
    assertThat(custom.rows()).containsExactly(new Object[] {null, null, "", null},
        new Object[] {null, null, null, null});
  }

  @Test
  void aRecordWithAnotherNumberOfColumnsIsMalformed() {
    var result = read("a STRING, b INT", Map.of(), "x,1\ny\nz,2,extra\nw,notanint\n");
    assertThat(result.rows()).containsExactly(
        new Object[] {"x", 1, null},
        new Object[] {"y", null, "y"},
        new Object[] {"z", 2, "z,2,extra"},
        new Object[] {"w", null, "w,notanint"});
    assertThat(result.counts()).isEqualTo(new ReadCounts(4, 4, 3, 0));
  }

  @Test
  void dropMalformedDropsAndCounts() {
    var result = read("a STRING, b INT", Map.of("mode", "DROPMALFORMED"), "x,1\ny\nz,oops\nw,2\n");
    assertThat(result.rows()).containsExactly(new Object[] {"x", 1}, new Object[] {"w", 2});
    assertThat(result.counts()).isEqualTo(new ReadCounts(4, 2, 0, 2));
  }

  @Test
  void failFastReportsTheFilesLineNumberCountingHeaderAndMultiLineCells() {
    String message = failFast("a STRING, b INT", Map.of("mode", "FAILFAST", "header", "true"),
        "a,b\n\"multi\nline\",1\n\nok,2\nbad,x\n");
    assertThat(message).startsWith("Malformed record in " + dir.resolve("f.csv") + " line 6: column 2 'b': cannot"
        + " read 'x' as INT. Record: bad,x. With mode FAILFAST");
  }

  @Test
  void failFastReportsAWrongColumnCount() {
    assertThat(failFast("a STRING, b INT", Map.of("mode", "failfast"), "x,1\ny,2,3\n"))
        .contains("line 2: expected 2 columns but found 3. Record: y,2,3.");
  }

  @Test
  void aNotNullColumnWithoutValueIsMalformed() {
    var result = read("a STRING NOT NULL, b INT", Map.of("mode", "DROPMALFORMED"), "x,1\n,2\n");
    assertThat(result.rows()).containsExactly(new Object[] {"x", 1});
    assertThat(result.counts()).isEqualTo(new ReadCounts(2, 1, 0, 1));
  }

  @Test
  void decimalsRoundHalfUpAndTooManyDigitsIsMalformed() {
    var result = read("v DECIMAL(4,1)", Map.of(), "12.35\n-0.05\n999.96\n");
    assertThat(result.rows()).extracting(r -> r[0])
        .containsExactly(new BigDecimal("12.4"), new BigDecimal("-0.1"), null);
    assertThat(result.rows().get(2)[1]).isEqualTo("999.96");
  }

  @Test
  void emptyLinesAreSkippedAndABigFileKeepsRawTextForLateRecords() {
    var content = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      content.append("row").append(i).append(",").append(i).append("\n\n");
    }
    content.append("last,not-a-number\n");
    var result = read("a STRING, b INT", Map.of(), content.toString());
    assertThat(result.counts()).isEqualTo(new ReadCounts(20_001, 20_001, 1, 0));
    assertThat(result.rows().get(19_999)).containsExactly("row19999", 19_999, null);
    assertThat(result.rows().get(20_000)).containsExactly("last", null, "last,not-a-number");
  }
}
