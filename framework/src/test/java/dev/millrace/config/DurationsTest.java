package dev.millrace.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          10 seconds       | PT10S
          1 second         | PT1S
          5 min            | PT5M
          5 minutes        | PT5M
          1 hour           | PT1H
          2 hours          | PT2H
          1 day            | PT24H
          500 ms           | PT0.5S
          500 milliseconds | PT0.5S
          10s              | PT10S
          5m               | PT5M
          1h               | PT1H
          100 microseconds | PT0.0001S
          100us            | PT0.0001S
          250 ns           | PT0.00000025S
          1 week           | PT168H
          1.5 hours        | PT1H30M
          1 hour 30 minutes | PT1H30M
          1h30m            | PT1H30M
          10 SECONDS       | PT10S
          '  10 seconds  ' | PT10S
          0 seconds        | PT0S
          PT10S            | PT10S
          P1D              | PT24H
          pt1m30s          | PT1M30S
          """)
  void parsesSparkStyleAndIsoDurations(String text, String expected) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @Test
  void rejectsANegativeDuration() {
    assertThatThrownBy(() -> Durations.parse("-5 seconds"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid duration '-5 seconds': a duration must not be negative; write a number");
    assertThatThrownBy(() -> Durations.parse("-PT5S"))
        .hasMessageStartingWith("invalid duration '-PT5S': a duration must not be negative");
    assertThatThrownBy(() -> Durations.parse("PT-5S"))
        .hasMessageStartingWith("invalid duration 'PT-5S': a duration must not be negative");
  }

  @Test
  void namesTheTextAndTheAcceptedFormsWhenTheUnitIsMisspelt() {
    assertThatThrownBy(() -> Durations.parse("15 secnds"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid duration '15 secnds': unknown unit 'secnds' (did you mean 'seconds'?); write a number and a unit"
                + " such as '10 seconds', '500 ms', '5 min', '1 hour', '2 days', '10s', '1h30m' (units: ns, us, ms, s,"
                + " m/min, h, d, w and their long forms), or ISO-8601 such as 'PT10S' or 'P1D'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "ten seconds", "10", "10 seconds ago!", "PT", "P1M", "seconds", "1 fortnight"})
  void rejectsTextThatIsNotADuration(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid duration '" + text + "'")
        .hasMessageContaining("ISO-8601 such as 'PT10S'");
  }

  @Test
  void saysANumberWithoutUnitNeedsOne() {
    assertThatThrownBy(() -> Durations.parse("10")).hasMessageStartingWith("invalid duration '10': the number has no unit;");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "PT10S, 10 seconds",
    "PT1S, 1 second",
    "PT1M, 1 minute",
    "PT90S, 90 seconds",
    "PT2H, 2 hours",
    "PT48H, 2 days",
    "PT1.5S, 1500 milliseconds",
    "PT0.0001S, 100 microseconds",
    "PT0.000000001S, 1 nanosecond",
    "PT0S, 0 seconds"
  })
  void formatsInTheLargestExactUnit(String iso, String expected) {
    Duration duration = Duration.parse(iso);
    assertThat(Durations.format(duration)).isEqualTo(expected);
    assertThat(Durations.parse(expected)).isEqualTo(duration);
  }

  @Test
  void refusesToFormatANegativeDuration() {
    assertThatThrownBy(() -> Durations.format(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}
