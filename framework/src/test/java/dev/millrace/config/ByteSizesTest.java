package dev.millrace.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          64MB   | 67108864
          64 MB  | 67108864
          16mb   | 16777216
          512KB  | 524288
          512k   | 524288
          2KiB   | 2048
          1GB    | 1073741824
          1g     | 1073741824
          1TB    | 1099511627776
          100    | 100
          100B   | 100
          100 bytes | 100
          0      | 0
          """)
  void parsesSizesInBinaryUnits(String text, long bytes) {
    assertThat(ByteSizes.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "MB", "1.5GB", "64 XB", "lots", "99999999999TB"})
  void rejectsTextThatIsNotASize(String text) {
    assertThatThrownBy(() -> ByteSizes.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid size '" + text + "'")
        .hasMessageEndingWith(
            "write a whole number of bytes, optionally with a binary unit, such as '100', '100B', '512KB', '64MB',"
                + " '1GB', '1g' (1KB = 1024 bytes)");
  }

  @Test
  void rejectsANegativeSizeSayingSo() {
    assertThatThrownBy(() -> ByteSizes.parse("-1MB")).hasMessageStartingWith("invalid size '-1MB': a size must not be negative;");
  }

  @Test
  void namesAnUnknownUnit() {
    assertThatThrownBy(() -> ByteSizes.parse("64 XB")).hasMessageStartingWith("invalid size '64 XB': unknown unit 'XB';");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"67108864, 64MB", "1572864, 1536KB", "100, 100B", "0, 0B", "1073741824, 1GB", "1099511627776, 1TB", "2199023255552, 2TB"})
  void formatsInTheLargestExactUnit(long bytes, String expected) {
    assertThat(ByteSizes.format(bytes)).isEqualTo(expected);
    assertThat(ByteSizes.parse(expected)).isEqualTo(bytes);
  }
}
