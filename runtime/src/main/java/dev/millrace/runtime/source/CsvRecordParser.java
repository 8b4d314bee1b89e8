package dev.millrace.runtime.source;

import dev.millrace.types.Field;
import java.io.IOException;
import java.io.Reader;
import java.util.List;
import tools.jackson.core.FormatSchema;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.dataformat.csv.CsvFactory;
import tools.jackson.dataformat.csv.CsvParser;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Reads CSV records with Jackson's CSV parser, each record as an array of strings (no column names: the declared
 * columns are matched by position, as in Spark), and converts the cells with {@link TextValues}. Empty lines are
 * skipped. As in Spark (univocity), an empty unquoted cell is always null, and a cell equal to {@code nullValue}
 * (default empty) is null, so a quoted empty cell {@code ""} is null by default and the empty string when
 * {@code nullValue} is set to something else. Immutable and thread-safe: each call has its own parser.
 */
final class CsvRecordParser {

  private static final CsvFactory FACTORY =
      CsvFactory.builder()
          .enable(CsvReadFeature.SKIP_EMPTY_LINES, CsvReadFeature.EMPTY_UNQUOTED_STRING_AS_NULL)
          .build();

  /** Receives each record of a file. */
  interface Sink {
    /**
     * @param row the converted row
     * @param line the file's line number where the record starts (1-based)
     * @param malformedReason null for a well-formed record
     * @param rawText the record's text, given only when it is malformed
     */
    void record(Object[] row, long line, String malformedReason, String rawText);
  }

  private final Field[] columns;
  private final int[] slots;
  private final TextValues.TextConverter[] converters;
  private final int width;
  private final CsvSchema schema;
  private final boolean header;
  private final String nullValue;

  CsvRecordParser(List<Field> columns, int[] slots, int width, FileSourceOptions options) {
    this.columns = columns.toArray(Field[]::new);
    this.slots = slots;
    this.width = width;
    this.converters = new TextValues.TextConverter[this.columns.length];
    for (int i = 0; i < this.columns.length; i++) {
      converters[i] = TextValues.forType(this.columns[i].type(), this.columns[i].name());
    }
    CsvSchema s = CsvSchema.emptySchema().withoutHeader().withColumnSeparator(options.delimiter);
    s = options.quote == FileSourceOptions.NO_CHAR ? s.withoutQuoteChar() : s.withQuoteChar(options.quote);
    s = options.escape == FileSourceOptions.NO_CHAR ? s.withoutEscapeChar() : s.withEscapeChar(options.escape);
    this.schema = s;
    this.header = options.header;
    this.nullValue = options.nullValue;
  }

  /** Reads every record of {@code in} into {@code sink}, skipping the first record if the source has a header. */
  void read(Reader in, Sink sink) throws IOException {
    var recording = new RecordingReader(in);
    ObjectReadContext context = new ObjectReadContext.Base() {
      @Override
      public FormatSchema getSchema() {
        return schema;
      }
    };
    try (CsvParser p = (CsvParser) FACTORY.createParser(context, recording)) {
      boolean skip = header;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t != JsonToken.START_ARRAY) {
          continue;
        }
        if (skip) {
          skip = false;
          p.skipChildren();
          continue;
        }
        Object[] row = new Object[width];
        String reason = null;
        int n = 0;
        // The record's START_ARRAY is located where the previous record ended; its first cell is where it starts.
        long start = -1;
        long line = -1;
        while ((t = p.nextToken()) == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NULL) {
          if (n == 0) {
            start = p.currentTokenLocation().getCharOffset();
            line = p.currentTokenLocation().getLineNr();
          }
          if (n < columns.length && t == JsonToken.VALUE_STRING) {
            String text = p.getString();
            if (!text.equals(nullValue)) {
              try {
                row[slots[n]] = converters[n].convert(text);
              } catch (MalformedValueException e) {
                if (reason == null) {
                  reason = "column " + (n + 1) + " '" + columns[n].name() + "': " + e.getMessage();
                }
              }
            }
          }
          n++;
        }
        if (n != columns.length) {
          reason = "expected " + columns.length + " columns but found " + n;
        }
        if (reason == null) {
          for (int i = 0; i < columns.length; i++) {
            if (!columns[i].nullable() && row[slots[i]] == null) {
              reason = "column " + (i + 1) + " '" + columns[i].name() + "' is NOT NULL but the value is null";
              break;
            }
          }
        }
        long end = p.currentLocation().getCharOffset();
        sink.record(row, line, reason, reason == null ? null : recording.text(start, end));
        recording.forgetBefore(end);
      }
    } catch (JacksonException e) {
      throw new IOException("invalid CSV: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Passes characters through while keeping those from the current record's start, so that a malformed record's raw
   * text can go into the corrupt-record column. Offsets are absolute character positions in the file.
   */
  private static final class RecordingReader extends Reader {
    private static final int FORGET_THRESHOLD = 1 << 16;

    private final Reader in;
    private final StringBuilder kept = new StringBuilder();
    private long keptStart;

    RecordingReader(Reader in) {
      this.in = in;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        kept.append(buffer, offset, n);
      }
      return n;
    }

    String text(long from, long to) {
      int a = (int) Math.max(0, from - keptStart);
      int b = (int) Math.min(kept.length(), to - keptStart);
      if (a >= b) {
        return "";
      }
      String text = kept.substring(a, b);
      int end = text.length();
      while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
        end--;
      }
      return text.substring(0, end);
    }

    /** Drops kept characters before {@code offset}, in large steps so that the cost per record stays small. */
    void forgetBefore(long offset) {
      long drop = offset - keptStart;
      if (drop >= FORGET_THRESHOLD) {
        int dropped = (int) Math.min(drop, kept.length());
        kept.delete(0, dropped);
        keptStart += dropped;
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
