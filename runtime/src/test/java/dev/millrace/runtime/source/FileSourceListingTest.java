package dev.millrace.runtime.source;

import static dev.millrace.runtime.source.SourceTestSupport.reader;
import static dev.millrace.runtime.source.SourceTestSupport.source;
import static dev.millrace.runtime.source.SourceTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.errors.MillraceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceListingTest {

  private static final String SCHEMA = "id STRING";

  @TempDir
  Path dir;

  private FileSourceReader json(Map<String, String> options) {
    return reader("json", SCHEMA, options, dir);
  }

  @Test
  void listsNewFilesSortedByNameSkippingThoseAlreadyRead() {
    write(dir, "b.json", "{}\n");
    write(dir, "a.json", "{}\n");
    write(dir, "c.json", "{}\n");

    assertThat(json(Map.of()).listNewFiles(Set.of("b.json")))
        .containsExactly(new SourceFile("a.json", 3), new SourceFile("c.json", 3));
  }

  @Test
  void ignoresHiddenAndInProgressFilesAndSubdirectories() throws IOException {
    write(dir, "data.json", "{}\n");
    for (String name : new String[] {".hidden.json", "_SUCCESS", "_temporary.json", "part.json.tmp", "part.json.crc",
        "part.json.inprogress", "part.json._COPYING_"}) {
      write(dir, name, "{}\n");
    }
    Files.createDirectory(dir.resolve("nested.json"));
    write(dir.resolve("nested.json"), "inner.json", "{}\n");

    assertThat(json(Map.of()).listNewFiles(Set.of())).extracting(SourceFile::name).containsExactly("data.json");
  }

  @Test
  void pathGlobFilterKeepsOnlyMatchingNames() {
    write(dir, "a.json", "{}\n");
    write(dir, "b.jsonl", "{}\n");
    write(dir, "notes.txt", "x\n");

    assertThat(json(Map.of("pathGlobFilter", "*.json")).listNewFiles(Set.of()))
        .extracting(SourceFile::name).containsExactly("a.json");
    assertThat(json(Map.of("PATHGLOBFILTER", "*.{json,jsonl}")).listNewFiles(Set.of()))
        .extracting(SourceFile::name).containsExactly("a.json", "b.jsonl");
  }

  @Test
  void maxFilesPerTriggerCapsTheBatchInNameOrder() {
    for (String name : new String[] {"3.json", "1.json", "2.json"}) {
      write(dir, name, "{}\n");
    }
    var reader = json(Map.of("maxFilesPerTrigger", "2"));

    assertThat(reader.listNewFiles(Set.of())).extracting(SourceFile::name).containsExactly("1.json", "2.json");
    assertThat(reader.listNewFiles(Set.of("1.json", "2.json"))).extracting(SourceFile::name)
        .containsExactly("3.json");
    assertThat(reader.listNewFiles(Set.of("1.json", "2.json", "3.json"))).isEmpty();
  }

  @Test
  void maxBytesPerTriggerTakesFilesWhileTheTotalStaysWithinTheCap() {
    write(dir, "1.json", "x".repeat(400));
    write(dir, "2.json", "x".repeat(500));
    write(dir, "3.json", "x".repeat(200));
    write(dir, "4.json", "x".repeat(10));

    assertThat(json(Map.of("maxBytesPerTrigger", "1000")).listNewFiles(Set.of()))
        .extracting(SourceFile::name).containsExactly("1.json", "2.json");
    // 1KB = 1024 bytes: 400 + 500 fit, and 3.json would reach 1100
    assertThat(json(Map.of("maxBytesPerTrigger", "1kb")).listNewFiles(Set.of()))
        .extracting(SourceFile::name).containsExactly("1.json", "2.json");
    assertThat(json(Map.of("maxBytesPerTrigger", "2KB")).listNewFiles(Set.of()))
        .extracting(SourceFile::name).containsExactly("1.json", "2.json", "3.json", "4.json");
  }

  @Test
  void maxBytesPerTriggerAlwaysTakesAtLeastOneFile() {
    write(dir, "big.json", "x".repeat(5000));
    write(dir, "small.json", "x");

    assertThat(json(Map.of("maxBytesPerTrigger", "100")).listNewFiles(Set.of()))
        .containsExactly(new SourceFile("big.json", 5000));
  }

  @Test
  void bothCapsApplyTogether() {
    write(dir, "1.json", "x".repeat(10));
    write(dir, "2.json", "x".repeat(10));
    write(dir, "3.json", "x".repeat(10));

    assertThat(json(Map.of("maxFilesPerTrigger", "1", "maxBytesPerTrigger", "1MB")).listNewFiles(Set.of()))
        .extracting(SourceFile::name).containsExactly("1.json");
    assertThat(json(Map.of("maxFilesPerTrigger", "3", "maxBytesPerTrigger", "25")).listNewFiles(Set.of()))
        .extracting(SourceFile::name).containsExactly("1.json", "2.json");
  }

  @Test
  void aMissingDirectorySaysToCreateItOrCheckTheLandingPath() {
    Path missing = dir.resolve("landing/events");
    var reader = reader("json", SCHEMA, Map.of(), missing);

    assertThatThrownBy(() -> reader.listNewFiles(Set.of()))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist")
        .hasMessageContaining("Create it")
        .hasMessageContaining("landing path");
  }

  @Test
  void aFileInsteadOfADirectoryIsReported() {
    write(dir, "events.json", "{}\n");
    var reader = reader("json", SCHEMA, Map.of(), dir.resolve("events.json"));

    assertThatThrownBy(() -> reader.listNewFiles(Set.of()))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining("events.json")
        .hasMessageContaining("not a directory");
  }

  @Test
  void anEmptyDirectoryHasNoNewFiles() {
    assertThat(json(Map.of()).listNewFiles(Set.of())).isEmpty();
  }

  @Test
  void aFileDeletedAfterListingIsReportedWhenRead() throws IOException {
    write(dir, "a.json", "{\"id\":\"x\"}\n");
    var reader = json(Map.of());
    SourceFile listed = reader.listNewFiles(Set.of()).get(0);
    Files.delete(dir.resolve("a.json"));

    assertThatThrownBy(() -> reader.read(listed, row -> {}))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining(dir.resolve("a.json").toString())
        .hasMessageContaining("was listed for this batch but no longer exists")
        .hasMessageContaining("must not be deleted or renamed before they are processed");
  }

  @Test
  void anUnknownOptionSuggestsTheClosestAndListsTheAllowedOnes() {
    assertThatThrownBy(() -> json(Map.of("maxFilesPerTriger", "10")))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining("'maxFilesPerTriger' = '10'")
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("Did you mean 'maxFilesPerTrigger'?")
        .hasMessageContaining("maxFilesPerTrigger, maxBytesPerTrigger, mode, columnNameOfCorruptRecord, "
            + "pathGlobFilter");
  }

  @Test
  void csvOptionsAreUnknownToAJsonSource() {
    assertThatThrownBy(() -> json(Map.of("header", "true")))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining("'header' = 'true'")
        .hasMessageContaining("unknown option for a json source");
  }

  @Test
  void optionNamesAreCaseInsensitive() {
    for (String name : new String[] {"1.json", "2.json"}) {
      write(dir, name, "{}\n");
    }
    assertThat(json(Map.of("MAXFILESPERTRIGGER", "1", "Mode", "failfast")).listNewFiles(Set.of())).hasSize(1);
  }

  @Test
  void badOptionValuesNameTheOptionTheValueAndWhatIsAllowed() {
    assertThatThrownBy(() -> json(Map.of("maxFilesPerTrigger", "0")))
        .hasMessageContaining("'maxFilesPerTrigger' = '0'").hasMessageContaining("at least 1");
    assertThatThrownBy(() -> json(Map.of("maxFilesPerTrigger", "ten")))
        .hasMessageContaining("'maxFilesPerTrigger' = 'ten'").hasMessageContaining("whole number");
    assertThatThrownBy(() -> json(Map.of("maxBytesPerTrigger", "10 parsecs")))
        .hasMessageContaining("'maxBytesPerTrigger' = '10 parsecs'").hasMessageContaining("unknown unit");
    assertThatThrownBy(() -> json(Map.of("maxBytesPerTrigger", "0")))
        .hasMessageContaining("'maxBytesPerTrigger' = '0'").hasMessageContaining("at least 1 byte");
    assertThatThrownBy(() -> json(Map.of("mode", "PERMISIVE")))
        .hasMessageContaining("'mode' = 'PERMISIVE'")
        .hasMessageContaining("PERMISSIVE (the default), DROPMALFORMED or FAILFAST")
        .hasMessageContaining("Did you mean 'PERMISSIVE'?");
    assertThatThrownBy(() -> json(Map.of("pathGlobFilter", "*.{json")))
        .hasMessageContaining("'pathGlobFilter' = '*.{json'").hasMessageContaining("not a valid glob");
    assertThatThrownBy(() -> reader("csv", SCHEMA, Map.of("header", "yes"), dir))
        .hasMessageContaining("'header' = 'yes'").hasMessageContaining("true or false");
    assertThatThrownBy(() -> reader("csv", SCHEMA, Map.of("delimiter", "::"), dir))
        .hasMessageContaining("'delimiter' = '::'").hasMessageContaining("single character");
    assertThatThrownBy(() -> reader("csv", SCHEMA, Map.of("sep", ""), dir))
        .hasMessageContaining("'sep' = ''").hasMessageContaining("single character");
  }

  @Test
  void anUnsupportedFormatIsRejected() {
    assertThatThrownBy(() -> new FileSourceReader(source("jsn", SCHEMA, Map.of(), dir)))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining("'jsn'")
        .hasMessageContaining("Did you mean 'json'?");
  }

  @Test
  void aCorruptRecordColumnThatIsNotAStringIsRejected() {
    assertThatThrownBy(() -> reader("json", "id STRING, _corrupt_record INT", Map.of(), dir))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining("'_corrupt_record'")
        .hasMessageContaining("declare it STRING");
  }

  @Test
  void csvRejectsNestedColumnTypes() {
    assertThatThrownBy(() -> reader("csv", "id STRING, tags ARRAY<STRING>", Map.of(), dir))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining("'tags'")
        .hasMessageContaining("ARRAY<STRING>");
  }
}
