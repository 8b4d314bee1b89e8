package dev.millrace.runtime.operator;

import static dev.millrace.dataset.Functions.abs;
import static dev.millrace.dataset.Functions.ceil;
import static dev.millrace.dataset.Functions.coalesce;
import static dev.millrace.dataset.Functions.col;
import static dev.millrace.dataset.Functions.concat;
import static dev.millrace.dataset.Functions.current_timestamp;
import static dev.millrace.dataset.Functions.date_add;
import static dev.millrace.dataset.Functions.date_format;
import static dev.millrace.dataset.Functions.date_trunc;
import static dev.millrace.dataset.Functions.dayofmonth;
import static dev.millrace.dataset.Functions.floor;
import static dev.millrace.dataset.Functions.hour;
import static dev.millrace.dataset.Functions.length;
import static dev.millrace.dataset.Functions.lit;
import static dev.millrace.dataset.Functions.lower;
import static dev.millrace.dataset.Functions.ltrim;
import static dev.millrace.dataset.Functions.minute;
import static dev.millrace.dataset.Functions.month;
import static dev.millrace.dataset.Functions.not;
import static dev.millrace.dataset.Functions.regexp_extract;
import static dev.millrace.dataset.Functions.regexp_replace;
import static dev.millrace.dataset.Functions.round;
import static dev.millrace.dataset.Functions.rtrim;
import static dev.millrace.dataset.Functions.second;
import static dev.millrace.dataset.Functions.split;
import static dev.millrace.dataset.Functions.substring;
import static dev.millrace.dataset.Functions.to_date;
import static dev.millrace.dataset.Functions.to_timestamp;
import static dev.millrace.dataset.Functions.trim;
import static dev.millrace.dataset.Functions.unix_timestamp;
import static dev.millrace.dataset.Functions.upper;
import static dev.millrace.dataset.Functions.when;
import static dev.millrace.dataset.Functions.year;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.dataset.Column;
import dev.millrace.dataset.Dataset;
import dev.millrace.plan.Plans;
import dev.millrace.plan.Project;
import dev.millrace.plan.TableRead;
import dev.millrace.plan.internal.Analyzer;
import dev.millrace.types.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Expressions built with the DSL, resolved by the analyzer and compiled; every expected value is what Spark (no ANSI
 * mode, session time zone UTC) returns for the same expression.
 */
class ExpressionCompilerTest {

  private static final Schema INPUT = Schema.parse("i INT, j INT, l LONG, d DOUBLE, e DOUBLE, s STRING, t STRING, "
      + "b BOOLEAN, c BOOLEAN, ts TIMESTAMP, dt DATE, m DECIMAL(10,2), n DECIMAL(10,2), big DECIMAL(38,0)");

  private final BatchClock clock = new BatchClock();
  private final ExpressionCompiler compiler = new ExpressionCompiler(clock);
  private final Analyzer analyzer = new Analyzer(name -> Optional.of(INPUT));

  private Evaluator compile(Column column) {
    var input = new Dataset(new TableRead(Plans.nextId(), "input", false, Optional.empty()));
    var project = (Project) analyzer.analyze(input.select(column.as("out")).plan());
    return compiler.compile(project.exprs().get(0));
  }

  /** Evaluates {@code column} on a row whose named columns have the given internal values, the others NULL. */
  private Object eval(Column column, Object... namesAndValues) {
    var row = new Object[INPUT.size()];
    for (int k = 0; k < namesAndValues.length; k += 2) {
      row[INPUT.indexOf((String) namesAndValues[k])] = namesAndValues[k + 1];
    }
    return compile(column).eval(row);
  }

  private static long micros(String isoInstant) {
    return InternalValues.micros(Instant.parse(isoInstant));
  }

  private static int days(String isoDate) {
    return (int) LocalDate.parse(isoDate).toEpochDay();
  }

  private static BigDecimal dec(String v) {
    return new BigDecimal(v);
  }

  // ---- arithmetic ----

  @Test
  void intAdditionAndMultiplicationWrapOnOverflow() {
    assertThat(eval(col("i").plus(col("j")), "i", Integer.MAX_VALUE, "j", 1)).isEqualTo(Integer.MIN_VALUE);
    assertThat(eval(col("i").multiply(col("j")), "i", 65_536, "j", 65_536)).isEqualTo(0);
    assertThat(eval(col("i").minus(col("j")), "i", Integer.MIN_VALUE, "j", 1)).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void longAdditionWrapsOnOverflow() {
    assertThat(eval(col("l").plus(1), "l", Long.MAX_VALUE)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void arithmeticWithANullOperandIsNull() {
    assertThat(eval(col("i").plus(col("j")), "j", 1)).isNull();
    assertThat(eval(col("i").plus(col("j")), "i", 1)).isNull();
    assertThat(eval(col("d").multiply(col("e")), "d", 2.0)).isNull();
    assertThat(eval(col("m").plus(col("n")), "n", dec("1.00"))).isNull();
  }

  @Test
  void dividingIntegersGivesADouble() {
    assertThat(eval(col("i").divide(col("j")), "i", 7, "j", 2)).isEqualTo(3.5);
    assertThat(eval(col("d").divide(3), "d", 1.0)).isEqualTo(1.0 / 3.0);
  }

  @Test
  void divisionAndRemainderByZeroAreNull() {
    assertThat(eval(col("i").divide(col("j")), "i", 7, "j", 0)).isNull();
    assertThat(eval(col("d").divide(col("e")), "d", 1.0, "e", 0.0)).isNull();
    assertThat(eval(col("i").mod(col("j")), "i", 7, "j", 0)).isNull();
    assertThat(eval(col("l").mod(0L), "l", 7L)).isNull();
    assertThat(eval(col("d").mod(col("e")), "d", 1.0, "e", 0.0)).isNull();
    assertThat(eval(col("m").divide(col("n")), "m", dec("1.00"), "n", dec("0.00"))).isNull();
  }

  @Test
  void remainderTakesTheSignOfTheDividend() {
    assertThat(eval(col("i").mod(col("j")), "i", -7, "j", 3)).isEqualTo(-1);
    assertThat(eval(col("i").mod(col("j")), "i", 7, "j", -3)).isEqualTo(1);
  }

  @Test
  void decimalAdditionKeepsTheScale() {
    assertThat(eval(col("m").plus(col("n")), "m", dec("1.25"), "n", dec("2.10"))).isEqualTo(dec("3.35"));
    assertThat(eval(col("m").minus(col("n")), "m", dec("1.25"), "n", dec("2.10"))).isEqualTo(dec("-0.85"));
  }

  @Test
  void decimalOverflowBeyondThirtyEightDigitsIsNull() {
    BigDecimal largest = dec("99999999999999999999999999999999999999");
    assertThat(eval(col("big").plus(1), "big", largest)).isNull();
    assertThat(eval(col("big").minus(1), "big", largest)).isEqualTo(largest.subtract(BigDecimal.ONE));
  }

  @Test
  void decimalAdditionGetsOneMoreIntegerDigit() {
    // Spark: DECIMAL(10,2) + DECIMAL(10,2) is DECIMAL(11,2), so the carry into a ninth integer digit fits.
    assertThat(eval(col("m").plus(col("n")), "m", dec("99999999.99"), "n", dec("0.01")))
        .isEqualTo(dec("100000000.00"));
  }

  @Test
  void decimalMultiplicationKeepsEveryFractionDigit() {
    // Spark: DECIMAL(10,2) * DECIMAL(10,2) is DECIMAL(21,4).
    assertThat(eval(col("m").multiply(col("n")), "m", dec("1.25"), "n", dec("1.25"))).isEqualTo(dec("1.5625"));
    assertThat(eval(col("m").multiply(col("n")), "m", dec("12345678.00"), "n", dec("100.00")))
        .isEqualTo(dec("1234567800.0000"));
  }

  @Test
  void decimalDivisionHasAtLeastSixFractionDigits() {
    // Spark: DECIMAL(10,2) / DECIMAL(10,2) is DECIMAL(23,13) (scale max(6, s1 + p2 + 1)), rounded half up.
    assertThat(eval(col("m").divide(col("n")), "m", dec("1.00"), "n", dec("3.00"))).isEqualTo(dec("0.3333333333333"));
  }

  // ---- comparisons ----

  @Test
  void nanEqualsNanAndIsGreaterThanEveryOtherDouble() {
    assertThat(eval(col("d").equalTo(col("e")), "d", Double.NaN, "e", Double.NaN)).isEqualTo(true);
    assertThat(eval(col("d").gt(col("e")), "d", Double.NaN, "e", Double.POSITIVE_INFINITY)).isEqualTo(true);
    assertThat(eval(col("d").lt(col("e")), "d", Double.NaN, "e", Double.POSITIVE_INFINITY)).isEqualTo(false);
    assertThat(eval(col("d").geq(col("e")), "d", Double.NaN, "e", Double.NaN)).isEqualTo(true);
  }

  @Test
  void negativeZeroEqualsZero() {
    assertThat(eval(col("d").equalTo(col("e")), "d", -0.0, "e", 0.0)).isEqualTo(true);
    assertThat(eval(col("d").lt(col("e")), "d", -0.0, "e", 0.0)).isEqualTo(false);
  }

  @Test
  void stringsCompareByCodePointNotByUtf16Unit() {
    // U+FFFF < U+1F600, although the surrogate 0xD83D sorts below 0xFFFF as a UTF-16 unit.
    assertThat(eval(col("s").lt(col("t")), "s", "\uFFFF", "t", "\uD83D\uDE00")).isEqualTo(true);
    assertThat(eval(col("s").lt(col("t")), "s", "ab", "t", "abc")).isEqualTo(true);
    assertThat(eval(col("s").lt(col("t")), "s", "B", "t", "a")).isEqualTo(true);
  }

  @Test
  void comparingWithNullIsNull() {
    assertThat(eval(col("i").equalTo(col("j")), "j", 1)).isNull();
    assertThat(eval(col("i").notEqual(col("j")), "i", 1)).isNull();
    assertThat(eval(col("i").gt(col("j")), "j", 1)).isNull();
  }

  @Test
  void nullSafeEqualityTreatsTwoNullsAsEqual() {
    assertThat(eval(col("i").eqNullSafe(col("j")))).isEqualTo(true);
    assertThat(eval(col("i").eqNullSafe(col("j")), "i", 1)).isEqualTo(false);
    assertThat(eval(col("i").eqNullSafe(col("j")), "j", 1)).isEqualTo(false);
    assertThat(eval(col("i").eqNullSafe(col("j")), "i", 1, "j", 1)).isEqualTo(true);
  }

  @Test
  void aTimestampComparedWithAStringComparesInstants() {
    Column afterNewYear = col("ts").geq("2026-01-01 00:00:00");
    assertThat(eval(afterNewYear, "ts", micros("2026-01-01T00:00:00Z"))).isEqualTo(true);
    assertThat(eval(afterNewYear, "ts", micros("2025-12-31T23:59:59.999999Z"))).isEqualTo(false);
  }

  @Test
  void betweenIncludesBothBounds() {
    assertThat(eval(col("i").between(1, 3), "i", 1)).isEqualTo(true);
    assertThat(eval(col("i").between(1, 3), "i", 3)).isEqualTo(true);
    assertThat(eval(col("i").between(1, 3), "i", 4)).isEqualTo(false);
  }

  // ---- logic ----

  @Test
  void andIsThreeValued() {
    Column and = col("b").and(col("c"));
    assertThat(eval(and, "b", true, "c", true)).isEqualTo(true);
    assertThat(eval(and, "b", true, "c", false)).isEqualTo(false);
    assertThat(eval(and, "b", false, "c", true)).isEqualTo(false);
    assertThat(eval(and, "b", false, "c", false)).isEqualTo(false);
    assertThat(eval(and, "b", true)).isNull();
    assertThat(eval(and, "c", true)).isNull();
    assertThat(eval(and, "b", false)).isEqualTo(false);
    assertThat(eval(and, "c", false)).isEqualTo(false);
    assertThat(eval(and)).isNull();
  }

  @Test
  void orIsThreeValued() {
    Column or = col("b").or(col("c"));
    assertThat(eval(or, "b", true, "c", true)).isEqualTo(true);
    assertThat(eval(or, "b", true, "c", false)).isEqualTo(true);
    assertThat(eval(or, "b", false, "c", true)).isEqualTo(true);
    assertThat(eval(or, "b", false, "c", false)).isEqualTo(false);
    assertThat(eval(or, "b", true)).isEqualTo(true);
    assertThat(eval(or, "c", true)).isEqualTo(true);
    assertThat(eval(or, "b", false)).isNull();
    assertThat(eval(or, "c", false)).isNull();
    assertThat(eval(or)).isNull();
  }

  @Test
  void notOfNullIsNull() {
    assertThat(eval(not(col("b")), "b", true)).isEqualTo(false);
    assertThat(eval(not(col("b")), "b", false)).isEqualTo(true);
    assertThat(eval(not(col("b")))).isNull();
  }

  @Test
  void isNullAndIsNotNullAreNeverNull() {
    assertThat(eval(col("s").isNull())).isEqualTo(true);
    assertThat(eval(col("s").isNull(), "s", "x")).isEqualTo(false);
    assertThat(eval(col("s").isNotNull())).isEqualTo(false);
    assertThat(eval(col("s").isNotNull(), "s", "")).isEqualTo(true);
  }

  @Test
  void inIsNullWhenNoValueMatchesAndOneIsNull() {
    assertThat(eval(col("i").isin(1, null), "i", 1)).isEqualTo(true);
    assertThat(eval(col("i").isin(2, null), "i", 1)).isNull();
    assertThat(eval(col("i").isin(2, 3), "i", 1)).isEqualTo(false);
    assertThat(eval(col("i").isin(1, 2))).isNull();
    assertThat(eval(col("s").isin("a", "b"), "s", "b")).isEqualTo(true);
  }

  @Test
  void caseWhenTakesTheFirstTrueBranchAndTreatsNullAsNotTrue() {
    Column sign = when(col("i").gt(0), "pos").when(col("i").lt(0), "neg").otherwise("zero");
    assertThat(eval(sign, "i", 5)).isEqualTo("pos");
    assertThat(eval(sign, "i", -5)).isEqualTo("neg");
    assertThat(eval(sign, "i", 0)).isEqualTo("zero");
    assertThat(eval(sign)).isEqualTo("zero");
    assertThat(eval(when(col("i").gt(0), "pos"), "i", -1)).isNull();
  }

  @Test
  void caseWhenWidensItsValues() {
    assertThat(eval(when(col("b"), 1).otherwise(col("l")), "b", true, "l", 7L)).isEqualTo(1L);
  }

  @Test
  void coalesceReturnsTheFirstNonNull() {
    Column c = coalesce(col("i"), col("j"), lit(0));
    assertThat(eval(c, "j", 5)).isEqualTo(5);
    assertThat(eval(c, "i", 3, "j", 5)).isEqualTo(3);
    assertThat(eval(c)).isEqualTo(0);
  }

  // ---- casts from STRING ----

  @Test
  void stringToIntTruncatesAFractionAndGivesNullForText() {
    assertThat(eval(col("s").cast("INT"), "s", "1.5")).isEqualTo(1);
    assertThat(eval(col("s").cast("INT"), "s", "-1.9")).isEqualTo(-1);
    assertThat(eval(col("s").cast("INT"), "s", " 42 ")).isEqualTo(42);
    assertThat(eval(col("s").cast("INT"), "s", "abc")).isNull();
    assertThat(eval(col("s").cast("INT"), "s", "")).isNull();
    assertThat(eval(col("s").cast("INT"), "s", "2147483648")).isNull();
    assertThat(eval(col("s").cast("LONG"), "s", "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(eval(col("s").cast("LONG"), "s", "9223372036854775808")).isNull();
  }

  @Test
  void stringToIntAcceptsTheSmallestValue() {
    assertThat(eval(col("s").cast("INT"), "s", "-2147483648")).isEqualTo(Integer.MIN_VALUE);
    assertThat(eval(col("s").cast("LONG"), "s", "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void stringToIntRejectsAnExponent() {
    // Spark's UTF8String.toInt accepts only [sign] digits [. digits]; '1e3' is not an integer.
    assertThat(eval(col("s").cast("INT"), "s", "1e3")).isNull();
    assertThat(eval(col("s").cast("LONG"), "s", "1e3")).isNull();
  }

  @Test
  void stringToDoubleReadsSpecialValues() {
    assertThat(eval(col("s").cast("DOUBLE"), "s", "1.5")).isEqualTo(1.5);
    assertThat(eval(col("s").cast("DOUBLE"), "s", " 2.5 ")).isEqualTo(2.5);
    assertThat(eval(col("s").cast("DOUBLE"), "s", "1e3")).isEqualTo(1000.0);
    assertThat(eval(col("s").cast("DOUBLE"), "s", "NaN")).isEqualTo(Double.NaN);
    assertThat(eval(col("s").cast("DOUBLE"), "s", "Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(eval(col("s").cast("DOUBLE"), "s", "-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(eval(col("s").cast("DOUBLE"), "s", "abc")).isNull();
  }

  @Test
  void stringToDecimalRoundsHalfUpAndOverflowsToNull() {
    assertThat(eval(col("s").cast("DECIMAL(10,2)"), "s", "12.345")).isEqualTo(dec("12.35"));
    assertThat(eval(col("s").cast("DECIMAL(10,2)"), "s", "-12.345")).isEqualTo(dec("-12.35"));
    assertThat(eval(col("s").cast("DECIMAL(10,2)"), "s", "7")).isEqualTo(dec("7.00"));
    assertThat(eval(col("s").cast("DECIMAL(10,2)"), "s", "123456789.1")).isNull();
    assertThat(eval(col("s").cast("DECIMAL(10,2)"), "s", "x")).isNull();
  }

  @Test
  void stringToBooleanKnowsSparksWords() {
    for (String yes : List.of("t", "true", "TRUE", "y", "yes", "1", " true ")) {
      assertThat(eval(col("s").cast("BOOLEAN"), "s", yes)).as(yes).isEqualTo(true);
    }
    for (String no : List.of("f", "false", "n", "NO", "0")) {
      assertThat(eval(col("s").cast("BOOLEAN"), "s", no)).as(no).isEqualTo(false);
    }
    assertThat(eval(col("s").cast("BOOLEAN"), "s", "2")).isNull();
    assertThat(eval(col("s").cast("BOOLEAN"), "s", "")).isNull();
  }

  @Test
  void stringToTimestampReadsTheCommonForms() {
    Column ts = col("s").cast("TIMESTAMP");
    assertThat(eval(ts, "s", "2026-01-01 12:30:00")).isEqualTo(micros("2026-01-01T12:30:00Z"));
    assertThat(eval(ts, "s", "2026-01-01T12:30:00Z")).isEqualTo(micros("2026-01-01T12:30:00Z"));
    assertThat(eval(ts, "s", "2026-01-01T12:30:00.017+02:00")).isEqualTo(micros("2026-01-01T10:30:00.017Z"));
    assertThat(eval(ts, "s", "2026-01-01T12:30:00-05:00")).isEqualTo(micros("2026-01-01T17:30:00Z"));
    assertThat(eval(ts, "s", "2026-01-01 12:30")).isEqualTo(micros("2026-01-01T12:30:00Z"));
    assertThat(eval(ts, "s", "2026-01-01")).isEqualTo(micros("2026-01-01T00:00:00Z"));
    assertThat(eval(ts, "s", " 2026-01-01 00:00:00.123456 ")).isEqualTo(micros("2026-01-01T00:00:00.123456Z"));
    assertThat(eval(ts, "s", "1969-12-31 23:59:59")).isEqualTo(-1_000_000L);
    assertThat(eval(ts, "s", "not a time")).isNull();
    assertThat(eval(ts, "s", "")).isNull();
    assertThat(eval(ts, "s", "2026-02-30 00:00:00")).isNull();
  }

  @Test
  void stringToTimestampReadsAYearAndMonthAlone() {
    // Spark's DateTimeUtils.stringToTimestamp accepts "yyyy" and "yyyy-[m]m" as the first day at midnight.
    assertThat(eval(col("s").cast("TIMESTAMP"), "s", "2026-03")).isEqualTo(micros("2026-03-01T00:00:00Z"));
    assertThat(eval(col("s").cast("TIMESTAMP"), "s", "2026")).isEqualTo(micros("2026-01-01T00:00:00Z"));
  }

  @Test
  void stringToDateIgnoresATimeOfDay() {
    assertThat(eval(col("s").cast("DATE"), "s", "2026-03-04")).isEqualTo(days("2026-03-04"));
    assertThat(eval(col("s").cast("DATE"), "s", "2026-03-04 23:59:59")).isEqualTo(days("2026-03-04"));
    assertThat(eval(col("s").cast("DATE"), "s", "2026-03-04T10:00:00Z")).isEqualTo(days("2026-03-04"));
    assertThat(eval(col("s").cast("DATE"), "s", "March 4")).isNull();
  }

  // ---- casts from TIMESTAMP, DATE, numbers ----

  @Test
  void timestampToLongIsWholeSecondsRoundedDown() {
    assertThat(eval(col("ts").cast("LONG"), "ts", micros("2026-01-01T00:00:00.9Z"))).isEqualTo(1_767_225_600L);
    assertThat(eval(col("ts").cast("LONG"), "ts", -1L)).isEqualTo(-1L);
    assertThat(eval(col("ts").cast("INT"), "ts", 1_500_000L)).isEqualTo(1);
  }

  @Test
  void timestampToDoubleKeepsTheFraction() {
    assertThat(eval(col("ts").cast("DOUBLE"), "ts", 1_500_000L)).isEqualTo(1.5);
    assertThat(eval(col("ts").cast("DOUBLE"), "ts", -500_000L)).isEqualTo(-0.5);
  }

  @Test
  void timestampToDateIsTheUtcDay() {
    assertThat(eval(col("ts").cast("DATE"), "ts", micros("2026-03-04T23:59:59Z"))).isEqualTo(days("2026-03-04"));
    assertThat(eval(col("ts").cast("DATE"), "ts", -1L)).isEqualTo(days("1969-12-31"));
  }

  @Test
  void dateToTimestampIsMidnightUtc() {
    assertThat(eval(col("dt").cast("TIMESTAMP"), "dt", days("2026-03-04"))).isEqualTo(micros("2026-03-04T00:00:00Z"));
    assertThat(eval(col("dt").cast("TIMESTAMP"), "dt", -1)).isEqualTo(-86_400_000_000L);
  }

  @Test
  void numbersToTimestampAreSecondsSinceTheEpoch() {
    assertThat(eval(col("i").cast("TIMESTAMP"), "i", 1)).isEqualTo(1_000_000L);
    assertThat(eval(col("l").cast("TIMESTAMP"), "l", -1L)).isEqualTo(-1_000_000L);
    assertThat(eval(col("d").cast("TIMESTAMP"), "d", 1.5)).isEqualTo(1_500_000L);
    assertThat(eval(col("d").cast("TIMESTAMP"), "d", Double.NaN)).isNull();
    assertThat(eval(col("d").cast("TIMESTAMP"), "d", Double.POSITIVE_INFINITY)).isNull();
    assertThat(eval(col("m").cast("TIMESTAMP"), "m", dec("1.25"))).isEqualTo(1_250_000L);
  }

  @Test
  void booleanToTimestampIsOneMicrosecondForTrue() {
    // Spark's Cast.castToTimestamp: case BooleanType => if (b) 1L else 0 (microseconds, not seconds).
    assertThat(eval(col("b").cast("TIMESTAMP"), "b", true)).isEqualTo(1L);
    assertThat(eval(col("b").cast("TIMESTAMP"), "b", false)).isEqualTo(0L);
  }

  @Test
  void narrowingNumericCastsWrapOrTruncate() {
    assertThat(eval(col("l").cast("INT"), "l", 4_294_967_297L)).isEqualTo(1);
    assertThat(eval(col("d").cast("INT"), "d", -1.9)).isEqualTo(-1);
    assertThat(eval(col("d").cast("INT"), "d", 1e20)).isEqualTo(Integer.MAX_VALUE);
    assertThat(eval(col("d").cast("INT"), "d", Double.NaN)).isEqualTo(0);
    assertThat(eval(col("d").cast("LONG"), "d", -1e30)).isEqualTo(Long.MIN_VALUE);
    assertThat(eval(col("m").cast("INT"), "m", dec("-12.99"))).isEqualTo(-12);
    assertThat(eval(col("i").cast("DECIMAL(3,1)"), "i", 123)).isNull();
    assertThat(eval(col("d").cast("DECIMAL(10,2)"), "d", 0.125)).isEqualTo(dec("0.13"));
    assertThat(eval(col("d").cast("DECIMAL(10,2)"), "d", Double.NaN)).isNull();
  }

  @Test
  void numbersToBooleanAreTrueWhenNotZero() {
    assertThat(eval(col("i").cast("BOOLEAN"), "i", 0)).isEqualTo(false);
    assertThat(eval(col("i").cast("BOOLEAN"), "i", -2)).isEqualTo(true);
    assertThat(eval(col("d").cast("BOOLEAN"), "d", 0.0)).isEqualTo(false);
    assertThat(eval(col("d").cast("BOOLEAN"), "d", Double.NaN)).isEqualTo(true);
    assertThat(eval(col("m").cast("BOOLEAN"), "m", dec("0.00"))).isEqualTo(false);
    assertThat(eval(col("b").cast("INT"), "b", true)).isEqualTo(1);
    assertThat(eval(col("b").cast("DOUBLE"), "b", false)).isEqualTo(0.0);
  }

  @Test
  void toStringPrintsTimestampsWithTheirSignificantFraction() {
    assertThat(eval(col("ts").cast("STRING"), "ts", micros("2026-01-01T00:00:00.017Z")))
        .isEqualTo("2026-01-01 00:00:00.017");
    assertThat(eval(col("ts").cast("STRING"), "ts", micros("2026-01-01T00:00:00Z"))).isEqualTo("2026-01-01 00:00:00");
    assertThat(eval(col("ts").cast("STRING"), "ts", micros("2026-01-01T00:00:00.000001Z")))
        .isEqualTo("2026-01-01 00:00:00.000001");
    assertThat(eval(col("ts").cast("STRING"), "ts", -1L)).isEqualTo("1969-12-31 23:59:59.999999");
  }

  @Test
  void toStringPrintsNumbersDatesAndBooleansAsSparkDoes() {
    assertThat(eval(col("d").cast("STRING"), "d", 1.5)).isEqualTo("1.5");
    assertThat(eval(col("d").cast("STRING"), "d", 100.0)).isEqualTo("100.0");
    assertThat(eval(col("d").cast("STRING"), "d", 1e7)).isEqualTo("1.0E7");
    assertThat(eval(col("d").cast("STRING"), "d", Double.NaN)).isEqualTo("NaN");
    assertThat(eval(col("m").cast("STRING"), "m", dec("12.30"))).isEqualTo("12.30");
    assertThat(eval(col("i").cast("STRING"), "i", -5)).isEqualTo("-5");
    assertThat(eval(col("dt").cast("STRING"), "dt", days("2026-03-04"))).isEqualTo("2026-03-04");
    assertThat(eval(col("b").cast("STRING"), "b", true)).isEqualTo("true");
    assertThat(eval(col("s").cast("STRING"))).isNull();
  }

  // ---- string functions ----

  @Test
  void upperAndLowerChangeCase() {
    assertThat(eval(upper(col("s")), "s", "Hello, World")).isEqualTo("HELLO, WORLD");
    assertThat(eval(lower(col("s")), "s", "Hello, World")).isEqualTo("hello, world");
    assertThat(eval(upper(col("s")))).isNull();
  }

  @Test
  void lengthCountsCodePoints() {
    assertThat(eval(length(col("s")), "s", "a\uD83D\uDE00")).isEqualTo(2);
    assertThat(eval(length(col("s")), "s", "")).isEqualTo(0);
    assertThat(eval(length(col("s")))).isNull();
  }

  @Test
  void trimRemovesOnlySpaces() {
    assertThat(eval(trim(col("s")), "s", "  a b  ")).isEqualTo("a b");
    assertThat(eval(trim(col("s")), "s", "\t a \n")).isEqualTo("\t a \n");
    assertThat(eval(ltrim(col("s")), "s", "  a  ")).isEqualTo("a  ");
    assertThat(eval(rtrim(col("s")), "s", "  a  ")).isEqualTo("  a");
    assertThat(eval(trim(col("s")), "s", "   ")).isEqualTo("");
  }

  @Test
  void concatIsNullWhenAnyArgumentIsNull() {
    assertThat(eval(concat(col("s"), lit("-"), col("t")), "s", "a", "t", "b")).isEqualTo("a-b");
    assertThat(eval(concat(col("s"), lit("-"), col("t")), "s", "a")).isNull();
  }

  @Test
  void substringIsOneBasedWithZeroActingAsOneAndNegativeCountingFromTheEnd() {
    assertThat(eval(substring(col("s"), 2, 3), "s", "hello")).isEqualTo("ell");
    assertThat(eval(substring(col("s"), 0, 2), "s", "hello")).isEqualTo("he");
    assertThat(eval(substring(col("s"), 1, 2), "s", "hello")).isEqualTo("he");
    assertThat(eval(substring(col("s"), -3, 2), "s", "hello")).isEqualTo("ll");
    assertThat(eval(substring(col("s"), -7, 3), "s", "hello")).isEqualTo("h");
    assertThat(eval(substring(col("s"), 4, 100), "s", "hello")).isEqualTo("lo");
    assertThat(eval(substring(col("s"), 10, 2), "s", "hello")).isEqualTo("");
    assertThat(eval(substring(col("s"), 2, 0), "s", "hello")).isEqualTo("");
    assertThat(eval(substring(col("s"), 2, -1), "s", "hello")).isEqualTo("");
    assertThat(eval(substring(col("s"), 2, 1), "s", "\uD83D\uDE00x")).isEqualTo("x");
    assertThat(eval(substring(col("s"), 1, 2))).isNull();
  }

  @Test
  void containsStartsWithAndEndsWith() {
    assertThat(eval(col("s").contains("ll"), "s", "hello")).isEqualTo(true);
    assertThat(eval(col("s").startsWith("he"), "s", "hello")).isEqualTo(true);
    assertThat(eval(col("s").endsWith("he"), "s", "hello")).isEqualTo(false);
    assertThat(eval(col("s").contains(col("t")), "s", "hello")).isNull();
  }

  @Test
  void likeMatchesPercentAndUnderscoreAndHonoursEscapes() {
    assertThat(eval(col("s").like("a%c"), "s", "abbbc")).isEqualTo(true);
    assertThat(eval(col("s").like("a%c"), "s", "ac")).isEqualTo(true);
    assertThat(eval(col("s").like("a_c"), "s", "abc")).isEqualTo(true);
    assertThat(eval(col("s").like("a_c"), "s", "abbc")).isEqualTo(false);
    assertThat(eval(col("s").like("a.c"), "s", "abc")).isEqualTo(false);
    assertThat(eval(col("s").like("100\\%"), "s", "100%")).isEqualTo(true);
    assertThat(eval(col("s").like("100\\%"), "s", "1000")).isEqualTo(false);
    assertThat(eval(col("s").like("a\\_b"), "s", "axb")).isEqualTo(false);
    assertThat(eval(col("s").like("a%b"), "s", "a\nb")).isEqualTo(true);
    assertThat(eval(col("s").like("(a)"), "s", "(a)")).isEqualTo(true);
    assertThat(eval(col("s").like("a%"))).isNull();
  }

  @Test
  void regexpExtractGivesTheGroupOrEmptyWhenNothingMatches() {
    assertThat(eval(regexp_extract(col("s"), "(\\d+)-(\\d+)", 2), "s", "id 2026-01")).isEqualTo("01");
    assertThat(eval(regexp_extract(col("s"), "(\\d+)-(\\d+)", 0), "s", "id 2026-01")).isEqualTo("2026-01");
    assertThat(eval(regexp_extract(col("s"), "(\\d+)", 1), "s", "none")).isEqualTo("");
    assertThat(eval(regexp_extract(col("s"), "a(x)?b", 1), "s", "ab")).isEqualTo("");
    assertThat(eval(regexp_extract(col("s"), "(\\d+)", 1))).isNull();
  }

  @Test
  void regexpReplaceReplacesEveryMatchWithBackReferences() {
    assertThat(eval(regexp_replace(col("s"), "\\d+", "#"), "s", "a1b22c")).isEqualTo("a#b#c");
    assertThat(eval(regexp_replace(col("s"), "(\\w)(\\d)", "$2$1"), "s", "a1b2")).isEqualTo("1a2b");
    assertThat(eval(regexp_replace(col("s"), "x", "y"), "s", "abc")).isEqualTo("abc");
  }

  @Test
  void splitKeepsTrailingEmptyStrings() {
    assertThat(eval(split(col("s"), ","), "s", "a,b,,")).isEqualTo(List.of("a", "b", "", ""));
    assertThat(eval(split(col("s"), "\\d"), "s", "a1b2c")).isEqualTo(List.of("a", "b", "c"));
    assertThat(eval(split(col("s"), ","), "s", "")).isEqualTo(List.of(""));
    assertThat(eval(split(col("s"), ","))).isNull();
  }

  // ---- date functions ----

  @Test
  void toTimestampWithoutAPatternCastsTheString() {
    assertThat(eval(to_timestamp(col("s")), "s", "2026-01-05 13:45:00")).isEqualTo(micros("2026-01-05T13:45:00Z"));
    assertThat(eval(to_timestamp(col("s")), "s", "nope")).isNull();
  }

  @Test
  void toTimestampWithAPatternParsesInUtcAndGivesNullWhenTheTextDoesNotFit() {
    assertThat(eval(to_timestamp(col("s"), "dd/MM/yyyy HH:mm"), "s", "05/01/2026 13:45"))
        .isEqualTo(micros("2026-01-05T13:45:00Z"));
    assertThat(eval(to_timestamp(col("s"), "dd/MM/yyyy"), "s", "05/01/2026")).isEqualTo(micros("2026-01-05T00:00:00Z"));
    assertThat(eval(to_timestamp(col("s"), "yyyy-MM-dd HH:mm:ss.SSS"), "s", "2026-01-05 13:45:00.017"))
        .isEqualTo(micros("2026-01-05T13:45:00.017Z"));
    assertThat(eval(to_timestamp(col("s"), "dd/MM/yyyy HH:mm"), "s", "2026-01-05 13:45")).isNull();
  }

  @Test
  void toDateReadsStringsAndTimestamps() {
    assertThat(eval(to_date(col("s")), "s", "2026-01-05")).isEqualTo(days("2026-01-05"));
    assertThat(eval(to_date(col("s")), "s", "2026-01-05 23:00:00")).isEqualTo(days("2026-01-05"));
    assertThat(eval(to_date(col("s"), "dd.MM.yyyy"), "s", "05.01.2026")).isEqualTo(days("2026-01-05"));
    assertThat(eval(to_date(col("s"), "dd.MM.yyyy"), "s", "2026-01-05")).isNull();
    assertThat(eval(to_date(col("ts")), "ts", micros("1969-12-31T23:00:00Z"))).isEqualTo(-1);
  }

  @Test
  void dateFormatFormatsInUtc() {
    long t = micros("2026-01-05T13:45:07.017Z");
    assertThat(eval(date_format(col("ts"), "yyyy-MM-dd HH:mm:ss"), "ts", t)).isEqualTo("2026-01-05 13:45:07");
    assertThat(eval(date_format(col("ts"), "yyyy-MM-dd HH:mm:ss.SSS"), "ts", t)).isEqualTo("2026-01-05 13:45:07.017");
    assertThat(eval(date_format(col("ts"), "EEE, d MMM yyyy"), "ts", t)).isEqualTo("Mon, 5 Jan 2026");
    assertThat(eval(date_format(col("ts"), "yyyy-MM-dd HH:mm"), "ts", -60_000_000L)).isEqualTo("1969-12-31 23:59");
  }

  @Test
  void dateTruncCutsToTheStartOfEachUnit() {
    long t = micros("2026-05-14T13:45:30.123456Z"); // a Thursday
    assertThat(eval(date_trunc("year", col("ts")), "ts", t)).isEqualTo(micros("2026-01-01T00:00:00Z"));
    assertThat(eval(date_trunc("month", col("ts")), "ts", t)).isEqualTo(micros("2026-05-01T00:00:00Z"));
    assertThat(eval(date_trunc("week", col("ts")), "ts", t)).isEqualTo(micros("2026-05-11T00:00:00Z"));
    assertThat(eval(date_trunc("day", col("ts")), "ts", t)).isEqualTo(micros("2026-05-14T00:00:00Z"));
    assertThat(eval(date_trunc("HOUR", col("ts")), "ts", t)).isEqualTo(micros("2026-05-14T13:00:00Z"));
    assertThat(eval(date_trunc("minute", col("ts")), "ts", t)).isEqualTo(micros("2026-05-14T13:45:00Z"));
    assertThat(eval(date_trunc("second", col("ts")), "ts", t)).isEqualTo(micros("2026-05-14T13:45:30Z"));
    assertThat(eval(date_trunc("hour", col("ts")), "ts", micros("1969-12-31T23:30:00.5Z")))
        .isEqualTo(micros("1969-12-31T23:00:00Z"));
  }

  @Test
  void unixTimestampIsWholeSecondsRoundedDown() {
    assertThat(eval(unix_timestamp(col("ts")), "ts", micros("2026-01-01T00:00:00.999Z"))).isEqualTo(1_767_225_600L);
    assertThat(eval(unix_timestamp(col("ts")), "ts", -1L)).isEqualTo(-1L);
  }

  @Test
  void datePartsOfATimestampBeforeNineteenSeventy() {
    long t = micros("1969-12-31T23:59:58.5Z");
    assertThat(eval(year(col("ts")), "ts", t)).isEqualTo(1969);
    assertThat(eval(month(col("ts")), "ts", t)).isEqualTo(12);
    assertThat(eval(dayofmonth(col("ts")), "ts", t)).isEqualTo(31);
    assertThat(eval(hour(col("ts")), "ts", t)).isEqualTo(23);
    assertThat(eval(minute(col("ts")), "ts", t)).isEqualTo(59);
    assertThat(eval(second(col("ts")), "ts", t)).isEqualTo(58);
  }

  @Test
  void datePartsOfADateAndOfALaterTimestamp() {
    assertThat(eval(year(col("dt")), "dt", days("2024-02-29"))).isEqualTo(2024);
    assertThat(eval(month(col("dt")), "dt", days("2024-02-29"))).isEqualTo(2);
    assertThat(eval(dayofmonth(col("dt")), "dt", -1)).isEqualTo(31);
    long t = micros("2026-07-04T09:08:07Z");
    assertThat(eval(hour(col("ts")), "ts", t)).isEqualTo(9);
    assertThat(eval(minute(col("ts")), "ts", t)).isEqualTo(8);
    assertThat(eval(second(col("ts")), "ts", t)).isEqualTo(7);
    assertThat(eval(year(col("ts")))).isNull();
  }

  @Test
  void dateAddCrossesMonthEnds() {
    assertThat(eval(date_add(col("dt"), 3), "dt", days("2026-02-27"))).isEqualTo(days("2026-03-02"));
    assertThat(eval(date_add(col("dt"), -1), "dt", days("2026-01-01"))).isEqualTo(days("2025-12-31"));
  }

  @Test
  void currentTimestampReadsTheBatchClockAtEveryEvaluation() {
    Evaluator now = compile(current_timestamp());
    var row = new Object[INPUT.size()];
    clock.set(micros("2026-01-01T00:00:00Z"));
    assertThat(now.eval(row)).isEqualTo(micros("2026-01-01T00:00:00Z"));
    clock.set(micros("2026-01-02T00:00:00Z"));
    assertThat(now.eval(row)).isEqualTo(micros("2026-01-02T00:00:00Z"));
  }

  // ---- math ----

  @Test
  void absKeepsTheTypeAndWrapsTheSmallestInt() {
    assertThat(eval(abs(col("i")), "i", -5)).isEqualTo(5);
    assertThat(eval(abs(col("i")), "i", Integer.MIN_VALUE)).isEqualTo(Integer.MIN_VALUE);
    assertThat(eval(abs(col("d")), "d", -1.5)).isEqualTo(1.5);
    assertThat(eval(abs(col("m")), "m", dec("-1.25"))).isEqualTo(dec("1.25"));
    assertThat(eval(abs(col("l")))).isNull();
  }

  @Test
  void roundIsHalfUpAwayFromZero() {
    assertThat(eval(round(col("d"), 0), "d", 2.5)).isEqualTo(3.0);
    assertThat(eval(round(col("d"), 0), "d", -2.5)).isEqualTo(-3.0);
    assertThat(eval(round(col("d"), 2), "d", 2.675)).isEqualTo(2.68);
    assertThat(eval(round(col("d"), -1), "d", 15.0)).isEqualTo(20.0);
    assertThat(eval(round(col("d"), 1), "d", Double.NaN)).isEqualTo(Double.NaN);
    assertThat(eval(round(col("m"), 1), "m", dec("1.25"))).isEqualTo(dec("1.30"));
  }

  @Test
  void roundWithANegativeScaleRoundsIntegersToTensAndHundreds() {
    assertThat(eval(round(col("i"), -1), "i", 125)).isEqualTo(130);
    assertThat(eval(round(col("i"), -1), "i", -125)).isEqualTo(-130);
    assertThat(eval(round(col("i"), -1), "i", 124)).isEqualTo(120);
    assertThat(eval(round(col("l"), -2), "l", 1249L)).isEqualTo(1200L);
    assertThat(eval(round(col("i"), 2), "i", 7)).isEqualTo(7);
  }

  @Test
  void roundOfADecimalWithANegativeScaleRoundsOnce() {
    // 124.50 is nearer 120 than 130; rounding to units first (125) and then to tens would give 130.
    assertThat(eval(round(col("m"), -1), "m", dec("124.50"))).isEqualTo(dec("120.00"));
    assertThat(eval(round(col("m"), -1), "m", dec("125.00"))).isEqualTo(dec("130.00"));
  }

  @Test
  void floorAndCeilGiveLongs() {
    assertThat(eval(floor(col("d")), "d", -1.5)).isEqualTo(-2L);
    assertThat(eval(ceil(col("d")), "d", -1.5)).isEqualTo(-1L);
    assertThat(eval(floor(col("d")), "d", 1.5)).isEqualTo(1L);
    assertThat(eval(ceil(col("d")), "d", 1.2)).isEqualTo(2L);
    assertThat(eval(floor(col("m")), "m", dec("-1.25"))).isEqualTo(-2L);
    assertThat(eval(ceil(col("m")), "m", dec("1.25"))).isEqualTo(2L);
    assertThat(eval(floor(col("i")), "i", 7)).isEqualTo(7L);
    assertThat(eval(ceil(col("d")))).isNull();
  }
}
