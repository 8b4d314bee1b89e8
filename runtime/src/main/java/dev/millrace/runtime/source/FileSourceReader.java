package dev.millrace.runtime.source;

import dev.millrace.errors.MillraceException;
import dev.millrace.plan.FileSource;
import dev.millrace.types.DataType;
import dev.millrace.types.Field;
import dev.millrace.types.Schema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists and reads the files of one file source ({@code format("json")} or {@code format("csv")} over a directory):
 * the physical side of a {@link FileSource}. The engine's planner calls {@link #listNewFiles} to pick a batch's files
 * (recorded in the batch's offsets), and the batch calls {@link #read} on each of them, so a replayed batch reads the
 * same files again.
 *
 * <p>Options are validated when the reader is built, with Spark's names and meaning (case-insensitive):
 * {@code maxFilesPerTrigger}, {@code maxBytesPerTrigger}, {@code mode} (PERMISSIVE, DROPMALFORMED, FAILFAST),
 * {@code columnNameOfCorruptRecord}, {@code pathGlobFilter}, and for CSV {@code header}, {@code delimiter}
 * (or {@code sep}), {@code quote}, {@code escape}, {@code nullValue}.
 *
 * <p>Rows are {@code Object[]} in the internal representation of
 * {@link dev.millrace.runtime.operator.InternalValues}, following {@link FileSource#schema()}: the declared columns
 * and, in PERMISSIVE mode, the corrupt-record column that holds a malformed record's raw text.
 *
 * <p>JSON files are JSON Lines: one object per line, blank lines skipped. CSV columns map to the declared columns by
 * position. The conversions of each type are those of Spark's JSON and CSV readers; see the package's tests. Unlike
 * Spark, which reads every file-source column as nullable, a null in a NOT NULL column makes the record malformed;
 * in PERMISSIVE mode such a kept row does hold that null, next to its raw text.
 *
 * <p>Threading: immutable once built; {@link #listNewFiles} and {@link #read} may be called from any thread, and
 * {@link #read} concurrently for different files. The consumer given to {@link #read} is called on the calling
 * thread, once per row in file order.
 */
public final class FileSourceReader {

  private static final Logger log = LoggerFactory.getLogger(FileSourceReader.class);
  private static final int LOGGED_DROPS_PER_FILE = 10;
  private static final int RECORD_TEXT_IN_ERRORS = 200;

  private final FileSource source;
  private final Path directory;
  private final FileSourceOptions options;
  private final Schema schema;
  private final int corruptIndex;
  private final JsonRecordParser json;
  private final CsvRecordParser csv;

  /**
   * @param source a resolved file source: it has a schema
   * @throws MillraceException if an option is unknown or has a bad value, the format is not json or csv, the
   *     corrupt-record column is not a STRING, or a CSV column has a nested type
   */
  public FileSourceReader(FileSource source) {
    this.source = Objects.requireNonNull(source, "source");
    this.options = new FileSourceOptions(source);
    this.directory = toPath(source.path());
    this.schema = source.schema();
    this.corruptIndex = source.corruptRecordColumn().map(schema::indexOf).orElse(-1);
    if (corruptIndex >= 0 && schema.field(corruptIndex).type() != DataType.STRING) {
      throw new MillraceException("The corrupt-record column '" + schema.field(corruptIndex).name() + "' of the "
          + options.format + " source " + source.path() + " has type " + schema.field(corruptIndex).type().sql()
          + "; it holds a malformed record's text, so declare it STRING (or leave it out: it is added for you).");
    }
    if (corruptIndex >= 0 && !schema.field(corruptIndex).nullable()) {
      throw new MillraceException("The corrupt-record column '" + schema.field(corruptIndex).name() + "' of the "
          + options.format + " source " + source.path() + " is NOT NULL, but it is null for every well-formed "
          + "record; declare it nullable.");
    }
    List<Field> columns = new ArrayList<>();
    List<Integer> slots = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      if (i != corruptIndex) {
        columns.add(schema.field(i));
        slots.add(i);
      }
    }
    int[] slotArray = slots.stream().mapToInt(Integer::intValue).toArray();
    if (options.format.equals("json")) {
      this.json = new JsonRecordParser(columns, slotArray, schema.size());
      this.csv = null;
    } else {
      this.json = null;
      try {
        this.csv = new CsvRecordParser(columns, slotArray, schema.size(), options);
      } catch (MillraceException e) {
        throw new MillraceException("CSV source " + source.path() + ": " + e.getMessage(), e);
      }
    }
  }

  private static Path toPath(String path) {
    return path.startsWith("file:") ? Path.of(URI.create(path)) : Path.of(path);
  }

  /** The rows' schema: {@link FileSource#schema()}. */
  public Schema schema() {
    return schema;
  }

  /** The directory the files are read from. */
  public Path directory() {
    return directory;
  }

  /**
   * The files of the directory not read yet, in name order, capped by {@code maxFilesPerTrigger} and
   * {@code maxBytesPerTrigger}: files are taken in order while the total size stays within the cap, but at least one
   * is taken, as Spark does, so that a file larger than the cap does not stall the source.
   *
   * <p>Only regular files directly in the directory count (no recursion). Ignored: names starting with {@code .} or
   * {@code _} (hidden files, as Spark ignores them) and names ending with {@code .tmp}, {@code .crc},
   * {@code .inprogress} or {@code ._COPYING_}: files still being written. A producer should write a file under such a
   * name (or outside the directory) and rename it when complete, since a file is read only once. With
   * {@code pathGlobFilter}, only names matching the glob count.
   *
   * @param alreadyRead names of the files already read by earlier batches
   * @throws MillraceException if the directory does not exist or cannot be listed
   */
  public List<SourceFile> listNewFiles(Set<String> alreadyRead) {
    return nextFiles(alreadyRead).batch();
  }

  /**
   * The next batch's files (as {@link #listNewFiles}) and how many unread files there are in all, from one listing
   * of the directory.
   */
  public NewFiles nextFiles(Set<String> alreadyRead) {
    List<SourceFile> candidates = unreadFiles(alreadyRead);
    var picked = new ArrayList<SourceFile>();
    long total = 0;
    for (SourceFile file : candidates) {
      if (options.maxFilesPerTrigger.isPresent() && picked.size() >= options.maxFilesPerTrigger.get()) {
        break;
      }
      if (options.maxBytesPerTrigger.isPresent() && !picked.isEmpty()
          && total + file.size() > options.maxBytesPerTrigger.get()) {
        break;
      }
      picked.add(file);
      total += file.size();
    }
    return new NewFiles(List.copyOf(picked), candidates.size());
  }

  /**
   * The files of the next batch, within the rate limits, and the number of unread files, {@code batch} included.
   */
  public record NewFiles(List<SourceFile> batch, int unread) {}

  /**
   * How many files of the directory are not in {@code alreadyRead} (the source's backlog), whatever the rate
   * limits.
   */
  public int countNewFiles(Set<String> alreadyRead) {
    return unreadFiles(alreadyRead).size();
  }

  /** The files of the directory that are not in {@code alreadyRead}, in name order. */
  private List<SourceFile> unreadFiles(Set<String> alreadyRead) {
    Objects.requireNonNull(alreadyRead, "alreadyRead");
    var candidates = new ArrayList<SourceFile>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (alreadyRead.contains(name) || ignored(name) || !options.matchesGlob(name)) {
          continue;
        }
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(entry, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
          continue; // removed while listing
        }
        if (attributes.isRegularFile()) {
          candidates.add(new SourceFile(name, attributes.size()));
        }
      }
    } catch (NoSuchFileException e) {
      throw new MillraceException("The directory " + directory + " of the " + options.format
          + " source does not exist. Create it, or check the landing path the pipeline reads (load(...) and the"
          + " configuration it is built from).", e);
    } catch (java.nio.file.NotDirectoryException e) {
      throw new MillraceException("The path " + directory + " of the " + options.format
          + " source is a file, not a directory. A file source reads the files of a directory: load() the"
          + " directory that holds the files.", e);
    } catch (IOException e) {
      throw new MillraceException("Cannot list the directory " + directory + " of the " + options.format
          + " source: " + e, e);
    }
    candidates.sort(Comparator.comparing(SourceFile::name));
    return candidates;
  }

  private static boolean ignored(String name) {
    return name.startsWith(".") || name.startsWith("_") || name.endsWith(".tmp") || name.endsWith(".crc")
        || name.endsWith(".inprogress") || name.endsWith("._COPYING_");
  }

  /**
   * Reads one file into rows, in file order, and gives each to {@code out}. A malformed record is kept with its raw
   * text (PERMISSIVE), dropped, counted and logged (DROPMALFORMED), or stops the read (FAILFAST).
   *
   * @return what the file held and what was emitted
   * @throws MillraceException if the file no longer exists or cannot be read, or on a malformed record in FAILFAST
   *     mode (naming the file, the line and the reason)
   */
  public ReadCounts read(SourceFile file, Consumer<Object[]> out) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(out, "out");
    Path path = directory.resolve(file.name());
    var emitter = new Emitter(path, out);
    try {
      if (json != null) {
        try (var in = Files.newInputStream(path)) {
          readJson(in, emitter);
        }
      } else {
        try (var reader = new BufferedReader(
            new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8), 1 << 16)) {
          csv.read(reader, emitter);
        }
      }
    } catch (NoSuchFileException e) {
      throw new MillraceException("The file " + path + " of the " + options.format
          + " source was listed for this batch but no longer exists; files in the landing directory must not be"
          + " deleted or renamed before they are processed.", e);
    } catch (IOException e) {
      throw new MillraceException("Cannot read the file " + path + " of the " + options.format + " source: "
          + e.getMessage(), e);
    }
    if (emitter.dropped > LOGGED_DROPS_PER_FILE) {
      log.warn("[source {}] [file {}] Dropped {} malformed records in all (mode DROPMALFORMED); the first {} are"
          + " logged above", directory, file.name(), emitter.dropped, LOGGED_DROPS_PER_FILE);
    }
    return new ReadCounts(emitter.records, emitter.rows, emitter.kept, emitter.dropped);
  }

  /**
   * JSON Lines straight from the file's bytes: lines end at {@code \n}, {@code \r} or {@code \r\n}, as
   * {@link BufferedReader#readLine()} splits them, and each is parsed without being decoded to a string.
   */
  private void readJson(java.io.InputStream in, Emitter emitter) throws IOException {
    int width = json.width();
    long lineNumber = 0;
    byte[] buf = new byte[1 << 20];
    int start = 0; // the current line's first byte
    int end = 0; // bytes in buf
    boolean skipLf = false; // a \r ended the last line: a \n right after it belongs to it
    boolean eof = false;
    int scan = 0;
    while (true) {
      if (scan == end) {
        if (eof) {
          if (start < end) {
            lineNumber++;
            parseJsonLine(buf, start, end - start, lineNumber, width, emitter);
          }
          return;
        }
        if (start > 0) { // move the partial line to the front
          System.arraycopy(buf, start, buf, 0, end - start);
          end -= start;
          scan -= start;
          start = 0;
        }
        if (end == buf.length) {
          buf = Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
          eof = true;
        } else {
          end += n;
        }
        continue;
      }
      byte b = buf[scan];
      if (skipLf) {
        skipLf = false;
        if (b == '\n') {
          start = ++scan;
          continue;
        }
      }
      if (b == '\n' || b == '\r') {
        lineNumber++;
        parseJsonLine(buf, start, scan - start, lineNumber, width, emitter);
        skipLf = b == '\r';
        start = ++scan;
      } else {
        scan++;
      }
    }
  }

  private void parseJsonLine(byte[] buf, int offset, int length, long lineNumber, int width, Emitter emitter) {
    if (blank(buf, offset, length)) {
      return;
    }
    Object[] row = new Object[width];
    String reason = json.parse(buf, offset, length, row);
    emitter.record(row, lineNumber, reason,
        reason == null ? null : new String(buf, offset, length, StandardCharsets.UTF_8));
  }

  /** {@link String#isBlank()} of the line, without decoding it unless it has non-ASCII bytes. */
  private static boolean blank(byte[] buf, int offset, int length) {
    boolean ascii = true;
    for (int i = offset; i < offset + length; i++) {
      byte b = buf[i];
      if (b < 0) {
        ascii = false;
      } else if (!(b == ' ' || b == '\t' || b == 0x0B || b == '\f' || (b >= 0x1C && b <= 0x1F))) {
        return false;
      }
    }
    return ascii ? true : new String(buf, offset, length, StandardCharsets.UTF_8).isBlank();
  }

  /** Applies the mode to each record of one file and counts. Confined to the reading thread. */
  private final class Emitter implements CsvRecordParser.Sink {
    private final Path path;
    private final Consumer<Object[]> out;
    long records;
    long rows;
    long kept;
    long dropped;

    Emitter(Path path, Consumer<Object[]> out) {
      this.path = path;
      this.out = out;
    }

    @Override
    public void record(Object[] row, long line, String malformedReason, String rawText) {
      records++;
      if (malformedReason == null) {
        out.accept(row);
        rows++;
        return;
      }
      switch (options.mode) {
        case PERMISSIVE -> {
          row[corruptIndex] = rawText;
          out.accept(row);
          rows++;
          kept++;
        }
        case DROPMALFORMED -> {
          dropped++;
          if (dropped <= LOGGED_DROPS_PER_FILE) {
            log.warn("[source {}] [file {}] [line {}] Dropped a malformed record (mode DROPMALFORMED): {}",
                directory, path.getFileName(), line, malformedReason);
          }
        }
        case FAILFAST -> throw new MillraceException("Malformed record in " + path + " line " + line + ": "
            + malformedReason + ". Record: " + truncate(rawText) + ". With mode FAILFAST the source stops at the"
            + " first malformed record; fix the file, or use mode PERMISSIVE (keeps the record's text in the "
            + FileSource.CORRUPT_RECORD_COLUMN + " column) or DROPMALFORMED (drops it) to keep going.");
      }
    }
  }

  private static String truncate(String text) {
    return text.length() <= RECORD_TEXT_IN_ERRORS ? text : text.substring(0, RECORD_TEXT_IN_ERRORS) + "...";
  }

  @Override
  public String toString() {
    return "FileSourceReader[" + source.describe() + "]";
  }
}
