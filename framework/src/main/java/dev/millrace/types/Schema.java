package dev.millrace.types;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An ordered struct of named, typed fields: the schema of a table or dataset, and the {@code STRUCT} type.
 * Field names are unique, compared case-sensitively.
 */
public record Schema(List<Field> fields) implements DataType {

  public Schema {
    fields = List.copyOf(Objects.requireNonNull(fields, "fields"));
    var seen = new HashMap<String, Integer>();
    for (int i = 0; i < fields.size(); i++) {
      Integer previous = seen.put(fields.get(i).name(), i);
      if (previous != null) {
        throw new IllegalArgumentException(
            "Duplicate field '" + fields.get(i).name() + "' at positions " + previous + " and " + i
                + ": field names in a schema must be unique");
      }
    }
  }

  public static Schema of(Field... fields) {
    return new Schema(List.of(fields));
  }

  /** Parses a schema in DDL syntax: {@code "event_id STRING NOT NULL, amount DOUBLE, tags ARRAY<STRING>"}. */
  public static Schema parse(String ddl) {
    return dev.millrace.types.internal.DdlParser.parseSchema(ddl);
  }

  public int size() {
    return fields.size();
  }

  public Field field(int index) {
    return fields.get(index);
  }

  /** The position of the named field, or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  public Optional<Field> find(String name) {
    int i = indexOf(name);
    return i < 0 ? Optional.empty() : Optional.of(fields.get(i));
  }

  public List<String> names() {
    return fields.stream().map(Field::name).toList();
  }

  /** A schema with the field appended, or replaced in place if one of that name exists. */
  public Schema withField(Field field) {
    var copy = new ArrayList<>(fields);
    int i = indexOf(field.name());
    if (i < 0) {
      copy.add(field);
    } else {
      copy.set(i, field);
    }
    return new Schema(copy);
  }

  /** Field name to field. */
  public Map<String, Field> byName() {
    return fields.stream().collect(Collectors.toUnmodifiableMap(Field::name, f -> f));
  }

  /**
   * The schema as a DDL field list, the inverse of {@link #parse}: {@code Schema.parse(s.toDdl())} equals {@code s}
   * for every schema with at least one field (an empty schema gives {@code ""}, which {@link #parse} rejects).
   */
  public String toDdl() {
    return fields.stream().map(Field::sql).collect(Collectors.joining(", "));
  }

  @Override
  public String sql() {
    return "STRUCT<" + fields.stream().map(f -> f.sqlName() + ": " + f.type().sql() + (f.nullable() ? "" : " NOT NULL"))
        .collect(Collectors.joining(", ")) + ">";
  }

  @Override
  public String toString() {
    return sql();
  }
}
