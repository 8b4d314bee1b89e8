package dev.millrace.runtime.table;

import dev.millrace.errors.MillraceException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Which statements {@link DuckDbTableStore#query} accepts on a read-write warehouse: one statement (a trailing
 * {@code ;} is fine) that starts with SELECT, WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN, or
 * one of the catalog PRAGMAs ({@code table_info}, {@code show_tables}, ...). Anything else (INSERT, CREATE, COPY,
 * ATTACH, SET, PRAGMA settings, several statements) is rejected before DuckDB sees it.
 *
 * <p>A keyword check cannot see everything ({@code EXPLAIN ANALYZE DELETE ...} executes the DELETE; a CTE can front
 * a DML statement), so the store also runs every query in a transaction it always rolls back.
 */
final class ReadOnlySql {

  private static final Set<String> FIRST_WORDS =
      Set.of("SELECT", "WITH", "FROM", "VALUES", "TABLE", "DESCRIBE", "SHOW", "SUMMARIZE", "EXPLAIN");

  private static final Set<String> PRAGMAS = Set.of("TABLE_INFO", "SHOW_TABLES", "SHOW_TABLES_EXPANDED", "SHOW",
      "DATABASE_SIZE", "STORAGE_INFO", "DATABASE_LIST", "VERSION", "PLATFORM", "METADATA_INFO");

  private ReadOnlySql() {}

  /** Throws unless {@code sql} is one statement of an accepted kind. */
  static void check(String sql, Path warehouse) {
    var words = new Scanner(sql);
    String first = words.nextWord();
    boolean accepted = FIRST_WORDS.contains(first)
        || ("PRAGMA".equals(first) && PRAGMAS.contains(words.nextWord()));
    if (!accepted) {
      throw new MillraceException("Only read-only queries can run on the warehouse " + warehouse
          + " while it is open for writing; this one starts with " + (first.isEmpty() ? "nothing" : first)
          + ". Use SELECT, WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN or PRAGMA table_info/"
          + "show_tables. Tables change only through the pipeline (./millrace run).\n  SQL: " + sql);
    }
    if (words.hasSecondStatement()) {
      throw new MillraceException("Only one statement per query can run on the warehouse " + warehouse
          + "; remove the text after the ';'.\n  SQL: " + sql);
    }
  }

  /** Reads words of SQL text, skipping blanks, comments, string literals, quoted identifiers and parentheses. */
  private static final class Scanner {
    private final String sql;
    private int pos;

    Scanner(String sql) {
      this.sql = sql;
    }

    /** The next bare word, upper-cased; empty at the end of the text or at any other token. */
    String nextWord() {
      skipBlanks(true);
      int start = pos;
      while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_')) {
        pos++;
      }
      return sql.substring(start, pos).toUpperCase(Locale.ROOT);
    }

    /** Whether anything but blanks and comments follows a {@code ;} outside literals. */
    boolean hasSecondStatement() {
      while (pos < sql.length()) {
        char c = sql.charAt(pos);
        if (c == '\'' || c == '"') {
          skipQuoted(c);
        } else if (startsComment()) {
          skipBlanks(false);
        } else if (c == ';') {
          pos++;
          while (true) {
            skipBlanks(false);
            if (pos < sql.length() && sql.charAt(pos) == ';') {
              pos++;
            } else {
              break;
            }
          }
          return pos < sql.length();
        } else {
          pos++;
        }
      }
      return false;
    }

    private boolean startsComment() {
      return sql.startsWith("--", pos) || sql.startsWith("/*", pos);
    }

    private void skipBlanks(boolean parentheses) {
      while (pos < sql.length()) {
        char c = sql.charAt(pos);
        if (Character.isWhitespace(c) || (parentheses && c == '(')) {
          pos++;
        } else if (sql.startsWith("--", pos)) {
          int end = sql.indexOf('\n', pos);
          pos = end < 0 ? sql.length() : end + 1;
        } else if (sql.startsWith("/*", pos)) {
          int end = sql.indexOf("*/", pos + 2);
          pos = end < 0 ? sql.length() : end + 2;
        } else {
          return;
        }
      }
    }

    private void skipQuoted(char quote) {
      pos++;
      while (pos < sql.length()) {
        if (sql.charAt(pos) == quote) {
          if (pos + 1 < sql.length() && sql.charAt(pos + 1) == quote) {
            pos += 2;
            continue;
          }
          pos++;
          return;
        }
        pos++;
      }
    }
  }
}
