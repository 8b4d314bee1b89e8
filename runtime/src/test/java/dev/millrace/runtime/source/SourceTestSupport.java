package dev.millrace.runtime.source;

import dev.millrace.plan.FileSource;
import dev.millrace.types.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds file sources over a test directory and collects what a reader emits. */
final class SourceTestSupport {

  private SourceTestSupport() {}

  static FileSource source(String format, String ddl, Map<String, String> options, Path directory) {
    return new FileSource(1, format, Optional.of(Schema.parse(ddl)), options, directory.toString(), true);
  }

  static FileSourceReader reader(String format, String ddl, Map<String, String> options, Path directory) {
    return new FileSourceReader(source(format, ddl, options, directory));
  }

  static SourceFile write(Path directory, String name, String content) {
    try {
      Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
      return new SourceFile(name, Files.size(directory.resolve(name)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rows and counts of reading one file. */
  record Result(List<Object[]> rows, ReadCounts counts) {}

  static Result readAll(FileSourceReader reader, SourceFile file) {
    var rows = new ArrayList<Object[]>();
    ReadCounts counts = reader.read(file, rows::add);
    return new Result(rows, counts);
  }
}
