package dev.millrace.example.generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sample data one example pipeline needs on a fresh clone, written by {@link SampleDataOnFirstRun} before
 * {@code run} when the pipeline's landing directories are all empty. A Spring bean per pipeline.
 */
public interface SampleData {

  /** The pipeline ({@code pipeline.name}) whose data this is. */
  String pipeline();

  /** The directories under the configuration's {@code landing} that the pipeline reads. */
  List<String> landingDirectories();

  /**
   * Writes the sample data under {@code landing}.
   *
   * @return what was written, for the console
   */
  String write(Path landing);

  /** Whether {@code dir} is missing or holds no file. */
  static boolean isEmpty(Path dir) {
    if (!Files.isDirectory(dir)) {
      return true;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
