package dev.millrace.types.internal;

import dev.millrace.errors.Suggestions;
import dev.millrace.types.ArrayType;
import dev.millrace.types.DataType;
import dev.millrace.types.DecimalType;
import dev.millrace.types.Field;
import dev.millrace.types.MapType;
import dev.millrace.types.Schema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Parses the DDL subset of Spark SQL that describes types and schemas: a hand-written recursive-descent parser over
 * the characters of the input.
 *
 * <p>Grammar (keywords case-insensitive, whitespace allowed between any two tokens):
 * <pre>
 * schema    := field (',' field)*
 * field     := name ':'? type modifier*
 * modifier  := NOT NULL | COMMENT string
 * type      := STRING | VARCHAR '(' n ')' | CHAR '(' n ')'
 *            | INT | INTEGER | LONG | BIGINT | DOUBLE
 *            | (DECIMAL | DEC | NUMERIC) ('(' p (',' s)? ')')?
 *            | BOOLEAN | TIMESTAMP | TIMESTAMP_LTZ | DATE | BINARY
 *            | ARRAY '&lt;' type (NOT NULL)? '&gt;'
 *            | MAP '&lt;' type ',' type (NOT NULL)? '&gt;'
 *            | STRUCT '&lt;' (field (',' field)*)? '&gt;'
 * name      := identifier | '`' (any character, '``' for a backtick)+ '`'
 * string    := '...' | "..." (a backslash escapes the next character; a doubled quote is a quote)
 * </pre>
 * {@code VARCHAR(n)} and {@code CHAR(n)} are read as {@code STRING}; {@code DECIMAL} alone is {@code DECIMAL(10,0)}
 * and {@code DECIMAL(p)} is {@code DECIMAL(p,0)}, as in Spark. Comments are checked for syntax and dropped, since a
 * {@link Field} has no comment. {@code ARRAY<T NOT NULL>} and {@code MAP<K, V NOT NULL>} are a Millrace extension of
 * Spark's syntax: they give element and value types that hold no nulls, so that {@link Schema#toDdl()} of any schema
 * parses back to an equal schema. A colon between a name and its type is accepted both in {@code STRUCT<...>} (as
 * Spark does) and in a top-level schema.
 *
 * <p>Errors are {@link IllegalArgumentException}s whose message quotes the input, names the 0-based character
 * position, says what was expected and, where it can, how to fix it ("did you mean STRING?"). An empty or blank schema
 * is an error: a source or table always has at least one column, so an empty string is a mistake.
 *
 * <p>Not thread-safe as an instance, but instances never escape: the static methods are safe to call from any thread.
 */
public final class DdlParser {

  /** The type syntax listed in error messages. */
  static final String TYPES =
      "STRING, INT, LONG, DOUBLE, DECIMAL(p,s), BOOLEAN, TIMESTAMP, DATE, BINARY, ARRAY<T>, MAP<K, V>, "
          + "STRUCT<name: T, ...>";

  /** Every type keyword, for "did you mean". */
  private static final List<String> KEYWORDS = List.of(
      "STRING", "INT", "LONG", "DOUBLE", "DECIMAL", "BOOLEAN", "TIMESTAMP", "DATE", "BINARY", "ARRAY", "MAP",
      "STRUCT", "INTEGER", "BIGINT", "VARCHAR", "CHAR", "NUMERIC", "DEC");

  private final String input;
  private final String what;
  private int pos;

  private DdlParser(String input, String what) {
    this.input = input;
    this.what = what;
  }

  /**
   * Parses one type, e.g. {@code "MAP<STRING, ARRAY<DECIMAL(10,2)>>"}.
   *
   * @param ddl the type; not null
   * @throws IllegalArgumentException if {@code ddl} is not a valid type
   */
  public static DataType parseType(String ddl) {
    Objects.requireNonNull(ddl, "ddl");
    var parser = new DdlParser(ddl, "type");
    parser.skipWhitespace();
    if (parser.atEnd()) {
      throw parser.error(parser.pos, "the type is empty", "write a type: " + TYPES);
    }
    DataType type = parser.type("a type");
    parser.skipWhitespace();
    if (!parser.atEnd()) {
      throw parser.error(parser.pos, "expected end of input, found " + parser.found(), null);
    }
    return type;
  }

  /**
   * Parses a schema, a comma-separated list of fields such as
   * {@code "event_id STRING NOT NULL, amount DECIMAL(10,2) COMMENT 'in EUR', tags ARRAY<STRING>"}.
   *
   * @param ddl the schema; not null
   * @throws IllegalArgumentException if {@code ddl} is empty or blank, is not a valid schema, or names a field twice
   */
  public static Schema parseSchema(String ddl) {
    Objects.requireNonNull(ddl, "ddl");
    var parser = new DdlParser(ddl, "schema");
    parser.skipWhitespace();
    if (parser.atEnd()) {
      throw parser.error(parser.pos, "the schema is empty",
          "list at least one field as 'name TYPE', e.g. 'event_id STRING, amount DOUBLE'");
    }
    var fields = new ArrayList<Field>();
    var positions = new HashMap<String, Integer>();
    while (true) {
      fields.add(parser.field(positions));
      parser.skipWhitespace();
      if (parser.atEnd()) {
        break;
      }
      if (parser.peek() != ',') {
        throw parser.error(parser.pos, "expected ',' or end of input, found " + parser.found(),
            "separate fields with commas, as in 'id STRING, amount DOUBLE'");
      }
      parser.pos++;
    }
    return new Schema(fields);
  }

  /**
   * The name as written in DDL: unchanged if it is a plain identifier (letters, digits and underscores), otherwise
   * quoted in backticks, with each backtick doubled.
   */
  public static String quoteName(String name) {
    if (isPlainIdentifier(name)) {
      return name;
    }
    return "`" + name.replace("`", "``") + "`";
  }

  private static boolean isPlainIdentifier(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!isIdentifierChar(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIdentifierChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  // ---- fields

  /** {@code name ':'? type modifier*}; {@code positions} maps the names seen so far to where they start. */
  private Field field(Map<String, Integer> positions) {
    skipWhitespace();
    int start = pos;
    String name = name();
    Integer previous = positions.putIfAbsent(name, start);
    if (previous != null) {
      throw error(start, "duplicate field name '" + name + "'",
          "a field of that name is already defined at position " + previous + "; field names must be unique");
    }
    skipWhitespace();
    if (!atEnd() && peek() == ':') {
      pos++;
    }
    DataType type = type("the type of field '" + name + "'");
    boolean notNull = false;
    boolean comment = false;
    while (true) {
      skipWhitespace();
      int keywordStart = pos;
      String word = peekWord();
      if (word.equals("NOT") && !notNull) {
        readWord();
        expectKeyword("NULL", "after NOT");
        notNull = true;
      } else if (word.equals("COMMENT") && !comment) {
        readWord();
        stringLiteral();
        comment = true;
      } else if (word.equals("NOT") || word.equals("COMMENT")) {
        throw error(keywordStart, "field '" + name + "' has " + word + (word.equals("NOT") ? " NULL" : "")
            + " twice", "write it once");
      } else {
        break;
      }
    }
    return new Field(name, type, !notNull);
  }

  private String name() {
    int start = pos;
    if (atEnd() || peek() == '>') {
      throw error(start, "expected a field name, found " + found(),
          "remove the trailing comma or add a field after it");
    }
    char c = peek();
    if (c == '`') {
      pos++;
      var sb = new StringBuilder();
      while (true) {
        if (atEnd()) {
          throw error(start, "unterminated quoted name",
              "close the name with a backtick; write `` for a backtick inside a name");
        }
        char n = input.charAt(pos++);
        if (n == '`') {
          if (!atEnd() && peek() == '`') {
            sb.append('`');
            pos++;
          } else {
            break;
          }
        } else {
          sb.append(n);
        }
      }
      if (sb.length() == 0) {
        throw error(start, "empty field name ``", "a field name needs at least one character");
      }
      return sb.toString();
    }
    if (isIdentifierChar(c)) {
      return readWord();
    }
    throw error(start, "expected a field name, found " + found(),
        "quote names that contain other characters than letters, digits and '_' in backticks, "
            + "e.g. `my col` STRING");
  }

  // ---- types

  /** A type; {@code role} describes it for messages ("the type of field 'id'"). */
  private DataType type(String role) {
    skipWhitespace();
    int start = pos;
    if (atEnd() || !isIdentifierChar(peek())) {
      throw error(start, "expected " + role + ", found " + found(), "Types: " + TYPES);
    }
    String word = readWord();
    String keyword = word.toUpperCase(Locale.ROOT);
    switch (keyword) {
      case "STRING":
        return DataType.STRING;
      case "VARCHAR":
      case "CHAR":
        length(keyword);
        return DataType.STRING;
      case "INT":
      case "INTEGER":
        return DataType.INT;
      case "LONG":
      case "BIGINT":
        return DataType.LONG;
      case "DOUBLE":
        return DataType.DOUBLE;
      case "DECIMAL":
      case "DEC":
      case "NUMERIC":
        return decimal();
      case "BOOLEAN":
        return DataType.BOOLEAN;
      case "TIMESTAMP":
      case "TIMESTAMP_LTZ":
        return DataType.TIMESTAMP;
      case "DATE":
        return DataType.DATE;
      case "BINARY":
        return DataType.BINARY;
      case "ARRAY":
        return array();
      case "MAP":
        return map();
      case "STRUCT":
        return struct();
      case "FLOAT":
      case "REAL":
        throw error(start, "unsupported type '" + word + "'", "use DOUBLE: Millrace has no 32-bit floating-point type");
      case "TINYINT":
      case "BYTE":
      case "SMALLINT":
      case "SHORT":
        throw error(start, "unsupported type '" + word + "'", "use INT: Millrace has no 8- or 16-bit integer type");
      case "TIMESTAMP_NTZ":
        throw error(start, "unsupported type '" + word + "'",
            "use TIMESTAMP: Millrace timestamps are instants in UTC, with no local time type");
      default:
        String hint = Suggestions.closest(word, KEYWORDS).map(s -> "did you mean " + s + "? ").orElse("");
        throw error(start, "unknown type '" + word + "'", hint + "Types: " + TYPES);
    }
  }

  /** The {@code (n)} of {@code VARCHAR(n)}, checked and ignored. */
  private void length(String keyword) {
    skipWhitespace();
    if (atEnd() || peek() != '(') {
      throw error(pos, "expected '(' after " + keyword + ", found " + found(),
          "give a length, e.g. " + keyword + "(255), or write STRING");
    }
    pos++;
    number("a length");
    expect(')', "after the length of " + keyword);
  }

  private DecimalType decimal() {
    skipWhitespace();
    if (atEnd() || peek() != '(') {
      return new DecimalType(10, 0);
    }
    pos++;
    skipWhitespace();
    int precisionAt = pos;
    long precision = number("a precision");
    if (precision < 1 || precision > DecimalType.MAX_PRECISION) {
      throw error(precisionAt, "DECIMAL precision " + precision + " is out of range",
          "the precision must be between 1 and " + DecimalType.MAX_PRECISION);
    }
    long scale = 0;
    skipWhitespace();
    int scaleAt = pos;
    if (!atEnd() && peek() == ',') {
      pos++;
      skipWhitespace();
      scaleAt = pos;
      scale = number("a scale");
    }
    if (scale > precision) {
      throw error(scaleAt, "DECIMAL scale " + scale + " is greater than the precision " + precision,
          "the scale must be between 0 and the precision");
    }
    expect(')', "after the DECIMAL precision and scale");
    return new DecimalType((int) precision, (int) scale);
  }

  private ArrayType array() {
    expect('<', "after ARRAY, as in ARRAY<STRING>");
    DataType element = type("the element type of ARRAY");
    boolean notNull = optionalNotNull();
    expect('>', "to close ARRAY<");
    return new ArrayType(element, !notNull);
  }

  private MapType map() {
    expect('<', "after MAP, as in MAP<STRING, INT>");
    DataType key = type("the key type of MAP");
    skipWhitespace();
    if (peekWord().equals("NOT")) {
      throw error(pos, "NOT NULL on a MAP key", "map keys are never null; remove NOT NULL");
    }
    expect(',', "between the key and value types of MAP");
    DataType value = type("the value type of MAP");
    boolean notNull = optionalNotNull();
    expect('>', "to close MAP<");
    return new MapType(key, value, !notNull);
  }

  private Schema struct() {
    expect('<', "after STRUCT, as in STRUCT<name: STRING, age: INT>");
    var fields = new ArrayList<Field>();
    var positions = new HashMap<String, Integer>();
    skipWhitespace();
    if (!atEnd() && peek() == '>') {
      pos++;
      return new Schema(fields);
    }
    while (true) {
      fields.add(field(positions));
      skipWhitespace();
      if (!atEnd() && peek() == ',') {
        pos++;
        continue;
      }
      if (!atEnd() && peek() == '>') {
        pos++;
        return new Schema(fields);
      }
      throw error(pos, "expected ',' or '>' in STRUCT, found " + found(),
          "separate STRUCT fields with commas and close it with '>'");
    }
  }

  private boolean optionalNotNull() {
    skipWhitespace();
    if (peekWord().equals("NOT")) {
      readWord();
      expectKeyword("NULL", "after NOT");
      return true;
    }
    return false;
  }

  // ---- tokens

  private long number(String role) {
    skipWhitespace();
    int start = pos;
    while (!atEnd() && peek() >= '0' && peek() <= '9') {
      pos++;
    }
    if (start == pos) {
      throw error(start, "expected " + role + ", found " + found(), "write a whole number such as 10");
    }
    String digits = input.substring(start, pos);
    // Longer numbers are out of range for every use here; cap them instead of overflowing.
    return digits.length() > 9 ? Long.MAX_VALUE : Long.parseLong(digits);
  }

  private void stringLiteral() {
    skipWhitespace();
    int start = pos;
    if (atEnd() || (peek() != '\'' && peek() != '"')) {
      throw error(start, "expected a quoted comment after COMMENT, found " + found(), "write COMMENT 'text'");
    }
    char quote = input.charAt(pos++);
    while (true) {
      if (atEnd()) {
        throw error(start, "unterminated comment string", "close it with " + quote);
      }
      char c = input.charAt(pos++);
      if (c == '\\') {
        pos = Math.min(pos + 1, input.length());
      } else if (c == quote) {
        if (!atEnd() && peek() == quote) {
          pos++;
        } else {
          return;
        }
      }
    }
  }

  private void expect(char c, String context) {
    skipWhitespace();
    if (atEnd() || peek() != c) {
      throw error(pos, "expected '" + c + "' " + context + ", found " + found(), null);
    }
    pos++;
  }

  private void expectKeyword(String keyword, String context) {
    skipWhitespace();
    int start = pos;
    if (!peekWord().equals(keyword)) {
      throw error(start, "expected " + keyword + " " + context + ", found " + found(), null);
    }
    readWord();
  }

  /** The identifier at the current position, upper-cased, without consuming it; empty if there is none. */
  private String peekWord() {
    int end = pos;
    while (end < input.length() && isIdentifierChar(input.charAt(end))) {
      end++;
    }
    return input.substring(pos, end).toUpperCase(Locale.ROOT);
  }

  private String readWord() {
    int start = pos;
    while (!atEnd() && isIdentifierChar(peek())) {
      pos++;
    }
    return input.substring(start, pos);
  }

  /** What is at the current position, for "found ..." in messages. */
  private String found() {
    if (atEnd()) {
      return "end of input";
    }
    if (isIdentifierChar(peek())) {
      return "'" + peekWordAsWritten() + "'";
    }
    return "'" + peek() + "'";
  }

  private String peekWordAsWritten() {
    int end = pos;
    while (end < input.length() && isIdentifierChar(input.charAt(end))) {
      end++;
    }
    return input.substring(pos, end);
  }

  private void skipWhitespace() {
    while (!atEnd() && Character.isWhitespace(peek())) {
      pos++;
    }
  }

  private boolean atEnd() {
    return pos >= input.length();
  }

  private char peek() {
    return input.charAt(pos);
  }

  private IllegalArgumentException error(int at, String problem, String hint) {
    return new IllegalArgumentException("Cannot parse " + what + " '" + input + "': " + problem + " at position " + at
        + (hint == null ? "" : "; " + hint));
  }
}
