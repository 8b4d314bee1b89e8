package dev.millrace.runtime.source;

import dev.millrace.types.ArrayType;
import dev.millrace.types.DataType;
import dev.millrace.types.DecimalType;
import dev.millrace.types.Field;
import dev.millrace.types.MapType;
import dev.millrace.types.PrimitiveType;
import dev.millrace.types.Schema;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;

/**
 * Parses one JSON Lines record (a line holding one JSON object) straight into an internal row with Jackson's
 * streaming parser: no tree and no map per row. The converters are built once per schema; field names are looked up
 * in precomputed maps, exactly first and then case-insensitively.
 *
 * <p>Conversions follow Spark's {@code JacksonParser}; Spark's JSON defaults are on: single-quoted strings and
 * {@code NaN}/{@code Infinity} number tokens are accepted. Immutable and thread-safe: each call uses its own
 * Jackson parser.
 */
final class JsonRecordParser {

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  private final StructConverter root;
  private final int width;

  /**
   * @param columns the columns read from the file (the corrupt-record column excluded)
   * @param slots the position in the output row of each column
   * @param width the output row's size
   */
  JsonRecordParser(List<Field> columns, int[] slots, int width) {
    this.root = new StructConverter(columns, slots, width);
    this.width = width;
  }

  int width() {
    return width;
  }

  /**
   * Parses {@code line} into {@code row} (all nulls on entry). Returns null if the record is well-formed, otherwise
   * why it is not; then {@code row} holds the fields that did convert when the line is a JSON object whose values
   * did not fit, and only nulls when the line is not a JSON object at all (as Spark's partial results).
   */
  String parse(String line, Object[] row) {
    try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), line)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        return "the line is not a JSON object but " + describe(p, t);
      }
      String reason = root.readFields(p, row);
      if (p.nextToken() != null) {
        Arrays.fill(row, null);
        return "unexpected content after the JSON object; write one object per line";
      }
      return reason;
    } catch (JacksonException e) {
      Arrays.fill(row, null);
      var location = e.getLocation();
      return "invalid JSON: " + e.getOriginalMessage().lines().findFirst().orElse("")
          + (location == null || location.getColumnNr() < 0 ? "" : " at column " + location.getColumnNr());
    }
  }

  /**
   * As {@link #parse(String, Object[])}, for a line given as UTF-8 bytes, read by Jackson's byte parser without
   * decoding it to a string first. A line that is not valid JSON (or not valid UTF-8) is parsed again as a string, so
   * its reason and its column are those of {@link #parse(String, Object[])}.
   */
  String parse(byte[] bytes, int offset, int length, Object[] row) {
    try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), bytes, offset, length)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        return "the line is not a JSON object but " + describe(p, t);
      }
      String reason = root.readFields(p, row);
      if (p.nextToken() != null) {
        Arrays.fill(row, null);
        return "unexpected content after the JSON object; write one object per line";
      }
      return reason;
    } catch (JacksonException e) {
      Arrays.fill(row, null);
      return parse(new String(bytes, offset, length, java.nio.charset.StandardCharsets.UTF_8), row);
    }
  }

  /** Describes the current token for an error message, without its whole content. */
  static String describe(JsonParser p, JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_OBJECT, END_OBJECT -> "an object";
      case START_ARRAY, END_ARRAY -> "an array";
      case VALUE_STRING -> "the string " + TextValues.quoted(p.getString());
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + p.getText();
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      case VALUE_NULL -> "null";
      default -> t.toString();
    };
  }

  /**
   * Converts the value at the current token. Contract: whether it returns or throws {@link MalformedValueException},
   * the parser is left on the value's last token (an object or array is consumed to its end), so the caller can go
   * on with the next field. Never called with {@code VALUE_NULL}.
   */
  abstract static class Converter {
    abstract Object convert(JsonParser p, JsonToken t);

    static MalformedValueException mismatch(JsonParser p, JsonToken t, DataType type) {
      String got = describe(p, t);
      if (t.isStructStart()) {
        p.skipChildren();
      }
      return new MalformedValueException("expected " + type.sql() + " but got " + got);
    }
  }

  static Converter converter(DataType type) {
    if (type instanceof DecimalType d) {
      return new DecimalConverter(d);
    }
    if (type instanceof ArrayType a) {
      return new ArrayConverter(a, converter(a.elementType()));
    }
    if (type instanceof MapType m) {
      return new MapConverter(m, TextValues.forType(m.keyType(), "map key"), converter(m.valueType()));
    }
    if (type instanceof Schema s) {
      int[] slots = new int[s.size()];
      Arrays.setAll(slots, i -> i);
      return new StructConverter(s.fields(), slots, s.size());
    }
    return switch ((PrimitiveType) type) {
      case STRING -> new StringConverter();
      case INT -> new Converter() {
        @Override
        Object convert(JsonParser p, JsonToken t) {
          if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            return p.getIntValue();
          }
          throw mismatch(p, t, type);
        }
      };
      case LONG -> new Converter() {
        @Override
        Object convert(JsonParser p, JsonToken t) {
          if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return p.getLongValue();
          }
          throw mismatch(p, t, type);
        }
      };
      case DOUBLE -> new Converter() {
        @Override
        Object convert(JsonParser p, JsonToken t) {
          if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
            return p.getDoubleValue();
          }
          if (t == JsonToken.VALUE_STRING) {
            Double special = TextValues.specialDouble(p.getString());
            if (special != null) {
              return special;
            }
          }
          throw mismatch(p, t, type);
        }
      };
      case BOOLEAN -> new Converter() {
        @Override
        Object convert(JsonParser p, JsonToken t) {
          if (t == JsonToken.VALUE_TRUE) {
            return Boolean.TRUE;
          }
          if (t == JsonToken.VALUE_FALSE) {
            return Boolean.FALSE;
          }
          throw mismatch(p, t, type);
        }
      };
      case TIMESTAMP -> new Converter() {
        @Override
        Object convert(JsonParser p, JsonToken t) {
          if (t == JsonToken.VALUE_STRING) {
            return TextValues.timestampMicros(p.getString());
          }
          // An integral number is seconds since the epoch, as in Spark.
          if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            try {
              return Math.multiplyExact(p.getLongValue(), 1_000_000L);
            } catch (ArithmeticException e) {
              throw new MalformedValueException("the number " + p.getText() + " is out of the TIMESTAMP range");
            }
          }
          throw mismatch(p, t, type);
        }
      };
      case DATE -> new Converter() {
        @Override
        Object convert(JsonParser p, JsonToken t) {
          if (t == JsonToken.VALUE_STRING) {
            return TextValues.epochDay(p.getString());
          }
          throw mismatch(p, t, type);
        }
      };
      case BINARY -> new Converter() {
        @Override
        Object convert(JsonParser p, JsonToken t) {
          if (t == JsonToken.VALUE_STRING) {
            try {
              return p.getBinaryValue();
            } catch (JacksonException e) {
              throw new MalformedValueException(
                  "cannot read " + TextValues.quoted(p.getString()) + " as base64 BINARY");
            }
          }
          throw mismatch(p, t, type);
        }
      };
    };
  }

  /** STRING: a string as is, another scalar as its JSON text, an object or array as compact JSON (Spark). */
  private static final class StringConverter extends Converter {
    @Override
    Object convert(JsonParser p, JsonToken t) {
      if (t == JsonToken.VALUE_STRING) {
        return p.getString();
      }
      if (t.isStructStart()) {
        var text = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), text)) {
          g.copyCurrentStructure(p);
        }
        return text.toString();
      }
      return p.getText();
    }
  }

  private static final class DecimalConverter extends Converter {
    private final DecimalType type;

    DecimalConverter(DecimalType type) {
      this.type = type;
    }

    @Override
    Object convert(JsonParser p, JsonToken t) {
      if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
        java.math.BigDecimal value;
        try {
          value = p.getDecimalValue();
        } catch (RuntimeException e) { // NaN and Infinity have no decimal value
          throw mismatch(p, t, type);
        }
        return TextValues.fit(value, type);
      }
      if (t == JsonToken.VALUE_STRING) {
        return TextValues.decimal(p.getString(), type);
      }
      throw mismatch(p, t, type);
    }
  }

  private static final class ArrayConverter extends Converter {
    private final ArrayType type;
    private final Converter element;

    ArrayConverter(ArrayType type, Converter element) {
      this.type = type;
      this.element = element;
    }

    @Override
    Object convert(JsonParser p, JsonToken t) {
      if (t != JsonToken.START_ARRAY) {
        throw mismatch(p, t, type);
      }
      var out = new ArrayList<>();
      MalformedValueException failure = null;
      JsonToken e;
      while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
        if (e == JsonToken.VALUE_NULL) {
          if (!type.containsNull() && failure == null) {
            failure = new MalformedValueException("element " + out.size() + " is null in " + type.sql());
          }
          out.add(null);
          continue;
        }
        try {
          out.add(element.convert(p, e));
        } catch (MalformedValueException x) {
          if (failure == null) {
            failure = new MalformedValueException("element " + out.size() + ": " + x.getMessage());
          }
          out.add(null);
        }
      }
      if (failure != null) {
        throw failure;
      }
      return out;
    }
  }

  private static final class MapConverter extends Converter {
    private final MapType type;
    private final TextValues.TextConverter key;
    private final Converter value;

    MapConverter(MapType type, TextValues.TextConverter key, Converter value) {
      this.type = type;
      this.key = key;
      this.value = value;
    }

    @Override
    Object convert(JsonParser p, JsonToken t) {
      if (t != JsonToken.START_OBJECT) {
        throw mismatch(p, t, type);
      }
      var out = new LinkedHashMap<Object, Object>();
      MalformedValueException failure = null;
      String name;
      while ((name = p.nextName()) != null) {
        JsonToken v = p.nextToken();
        try {
          Object k = key.convert(name);
          if (v == JsonToken.VALUE_NULL) {
            if (!type.valueContainsNull()) {
              throw new MalformedValueException("null value in " + type.sql());
            }
            out.put(k, null);
          } else {
            out.put(k, value.convert(p, v));
          }
        } catch (MalformedValueException x) {
          if (v.isStructStart() && p.currentToken() == v) {
            p.skipChildren();
          }
          if (failure == null) {
            failure = new MalformedValueException("key " + TextValues.quoted(name) + ": " + x.getMessage());
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
      return out;
    }
  }

  /**
   * A STRUCT, and the record itself: reads an object's fields into slots of an {@code Object[]}. On a field that
   * does not convert it goes on with the others and reports the first failure, so that a PERMISSIVE row keeps every
   * field that did convert.
   */
  private static final class StructConverter extends Converter {
    private final Field[] fields;
    private final Converter[] converters;
    private final int[] slots;
    private final int width;
    private final Schema type;
    private final Map<String, Integer> exact = new HashMap<>();
    private final Map<String, Integer> folded = new HashMap<>();

    StructConverter(List<Field> fields, int[] slots, int width) {
      this.fields = fields.toArray(Field[]::new);
      this.slots = slots;
      this.width = width;
      this.type = new Schema(fields);
      this.converters = new Converter[this.fields.length];
      for (int i = 0; i < this.fields.length; i++) {
        converters[i] = converter(this.fields[i].type());
        exact.put(this.fields[i].name(), i);
        folded.putIfAbsent(this.fields[i].name().toLowerCase(Locale.ROOT), i);
      }
    }

    @Override
    Object convert(JsonParser p, JsonToken t) {
      if (t != JsonToken.START_OBJECT) {
        throw mismatch(p, t, type);
      }
      Object[] out = new Object[width];
      String reason = readFields(p, out);
      if (reason != null) {
        throw new MalformedValueException(reason);
      }
      return out;
    }

    /** Reads the fields of the object whose START_OBJECT is the current token; returns the first failure or null. */
    String readFields(JsonParser p, Object[] out) {
      String reason = null;
      String name;
      while ((name = p.nextName()) != null) {
        JsonToken t = p.nextToken();
        Integer index = exact.get(name);
        if (index == null) {
          index = folded.get(name.toLowerCase(Locale.ROOT));
          if (index == null) {
            p.skipChildren();
            continue;
          }
        }
        int i = index;
        if (t == JsonToken.VALUE_NULL) {
          out[slots[i]] = null;
          continue;
        }
        try {
          out[slots[i]] = converters[i].convert(p, t);
        } catch (MalformedValueException e) {
          out[slots[i]] = null;
          if (reason == null) {
            reason = "field '" + fields[i].name() + "': " + e.getMessage();
          }
        }
      }
      if (reason == null) {
        for (int i = 0; i < fields.length; i++) {
          if (!fields[i].nullable() && out[slots[i]] == null) {
            return "field '" + fields[i].name() + "' is NOT NULL but the record has no value for it";
          }
        }
      }
      return reason;
    }
  }
}
