package dev.millrace.types;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The encoder of a record class: one field per component, read through method handles looked up once. Made by
 * {@link Encoders#of}; see there for the mapping of component types.
 */
final class RecordEncoder<R> implements Encoder<R> {

  static final DecimalType DEFAULT_DECIMAL = new DecimalType(38, 18);

  private static final String SUPPORTED = "Supported component types: String, int/Integer, long/Long, "
      + "double/Double, boolean/Boolean, BigDecimal, Instant, LocalDate, byte[], enums, records, and List<T> and "
      + "Map<K, V> of these";

  private static final MethodType ACCESSOR_TYPE = MethodType.methodType(Object.class, Object.class);
  private static final MethodType CONSTRUCTOR_TYPE = MethodType.methodType(Object.class, Object[].class);

  private final Class<R> type;
  private final Schema schema;
  private final String[] names;
  private final Class<?>[] primitives;
  private final MethodHandle[] accessors;
  private final Converter[] converters;
  private final MethodHandle constructor;
  private final int[] byPosition;
  /** Where each component is in rows of the last schema seen, so rows of one schema are matched by name once. */
  private volatile Mapping mapping;

  private record Mapping(Schema schema, int[] indexes) {}

  private RecordEncoder(Class<R> type, Schema schema, String[] names, Class<?>[] primitives,
      MethodHandle[] accessors, Converter[] converters, MethodHandle constructor) {
    this.type = type;
    this.schema = schema;
    this.names = names;
    this.primitives = primitives;
    this.accessors = accessors;
    this.converters = converters;
    this.constructor = constructor;
    this.byPosition = new int[names.length];
    Arrays.setAll(byPosition, i -> i);
  }

  /** The encoder of {@code type}, which must be a record. */
  static RecordEncoder<?> create(Class<?> type) {
    return create(type, new Analysis(type));
  }

  private static <R> RecordEncoder<R> create(Class<R> type, Analysis analysis) {
    RecordComponent[] components = type.getRecordComponents();
    int n = components.length;
    var fields = new ArrayList<Field>(n);
    var names = new String[n];
    var primitives = new Class<?>[n];
    var accessors = new MethodHandle[n];
    var converters = new Converter[n];
    var parameterTypes = new Class<?>[n];
    analysis.records.push(type);
    try {
      for (int i = 0; i < n; i++) {
        RecordComponent component = components[i];
        names[i] = component.getName();
        parameterTypes[i] = component.getType();
        primitives[i] = component.getType().isPrimitive() ? component.getType() : null;
        analysis.components.push(new Analysis.Frame(type.getSimpleName() + "." + component.getName(),
            component.getGenericType()));
        converters[i] = converter(component.getGenericType(), analysis);
        analysis.components.pop();
        fields.add(new Field(names[i], converters[i].type(), primitives[i] == null));
        accessors[i] = accessor(type, component.getAccessor(), analysis);
      }
    } finally {
      analysis.records.pop();
    }
    MethodHandle constructor = constructor(type, parameterTypes, analysis);
    return new RecordEncoder<>(type, new Schema(fields), names, primitives, accessors, converters, constructor);
  }

  private static MethodHandle accessor(Class<?> type, Method accessor, Analysis analysis) {
    try {
      accessor.setAccessible(true);
      return MethodHandles.lookup().unreflect(accessor).asType(ACCESSOR_TYPE);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw analysis.inaccessible(type, e);
    }
  }

  private static MethodHandle constructor(Class<?> type, Class<?>[] parameterTypes, Analysis analysis) {
    try {
      Constructor<?> canonical = type.getDeclaredConstructor(parameterTypes);
      canonical.setAccessible(true);
      return MethodHandles.lookup().unreflectConstructor(canonical)
          .asSpreader(Object[].class, parameterTypes.length)
          .asType(CONSTRUCTOR_TYPE);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw analysis.inaccessible(type, e);
    }
  }

  // ---- analysis of component types

  /** The state of one {@link Encoders#of} call: the records and components being analysed, for messages. */
  private static final class Analysis {
    final Class<?> root;
    final Deque<Class<?>> records = new ArrayDeque<>();
    final Deque<Frame> components = new ArrayDeque<>();

    /** A component being analysed: {@code Record.component} and its declared type. */
    record Frame(String name, Type type) {}

    Analysis(Class<?> root) {
      this.root = root;
    }

    /** {@code type} is the component's type or a part of it, such as the {@code Float} of {@code List<Float>}. */
    IllegalArgumentException unsupported(Type type, String hint) {
      Type declared = components.peek().type();
      String problem = declared.equals(type)
          ? "has type " + typeName(type) + ", which Millrace cannot store"
          : "has type " + typeName(declared) + ", and Millrace cannot store its " + typeName(type);
      return error(problem + "; " + hint + ". " + SUPPORTED);
    }

    IllegalArgumentException error(String problem) {
      var path = new ArrayList<String>();
      components.forEach(frame -> path.add(0, frame.name()));
      String via = path.size() > 1 ? " (reached through " + String.join(" → ", path.subList(0, path.size() - 1))
          + ")" : "";
      return new IllegalArgumentException("Cannot create an encoder for record " + root.getName() + ": component "
          + path.get(path.size() - 1) + via + " " + problem);
    }

    IllegalArgumentException inaccessible(Class<?> type, Exception e) {
      return new IllegalArgumentException("Cannot create an encoder for record " + root.getName()
          + ": cannot access the accessors and canonical constructor of " + type.getName() + " (" + e + "); "
          + "if the record is in a named module, open its package to Millrace", e);
    }
  }

  private static Converter converter(Type type, Analysis analysis) {
    if (type instanceof Class<?> cls) {
      Converter identity = identity(cls);
      if (identity != null) {
        return identity;
      }
      if (cls.isEnum()) {
        return new EnumConverter(cls);
      }
      if (cls.isRecord()) {
        if (analysis.records.contains(cls)) {
          throw analysis.error("refers back to record " + cls.getSimpleName() + ", and a row schema cannot "
              + "contain itself; store the link as an id (such as a String or long) instead");
        }
        return new RecordConverter(create(cls, analysis));
      }
      throw analysis.unsupported(type, hint(cls));
    }
    if (type instanceof ParameterizedType parameterized) {
      Type raw = parameterized.getRawType();
      Type[] arguments = parameterized.getActualTypeArguments();
      if (raw == List.class) {
        return new ListConverter(converter(arguments[0], analysis));
      }
      if (raw == Map.class) {
        return new MapConverter(converter(arguments[0], analysis), converter(arguments[1], analysis));
      }
      throw analysis.unsupported(type, hint((Class<?>) raw));
    }
    if (type instanceof WildcardType) {
      throw analysis.unsupported(type, "use a concrete type argument, as in List<String>");
    }
    if (type instanceof TypeVariable<?>) {
      throw analysis.unsupported(type, "Encoders.of needs concrete types, so a generic record cannot be encoded");
    }
    if (type instanceof GenericArrayType) {
      throw analysis.unsupported(type, "use List<T>");
    }
    throw analysis.unsupported(type, "use one of the supported types");
  }

  private static Converter identity(Class<?> cls) {
    DataType type = null;
    Class<?> boxed = cls;
    if (cls == String.class) {
      type = DataType.STRING;
    } else if (cls == int.class || cls == Integer.class) {
      type = DataType.INT;
      boxed = Integer.class;
    } else if (cls == long.class || cls == Long.class) {
      type = DataType.LONG;
      boxed = Long.class;
    } else if (cls == double.class || cls == Double.class) {
      type = DataType.DOUBLE;
      boxed = Double.class;
    } else if (cls == boolean.class || cls == Boolean.class) {
      type = DataType.BOOLEAN;
      boxed = Boolean.class;
    } else if (cls == BigDecimal.class) {
      type = DEFAULT_DECIMAL;
    } else if (cls == Instant.class) {
      type = DataType.TIMESTAMP;
    } else if (cls == LocalDate.class) {
      type = DataType.DATE;
    } else if (cls == byte[].class) {
      type = DataType.BINARY;
    }
    return type == null ? null : new IdentityConverter(type, boxed);
  }

  private static String hint(Class<?> cls) {
    if (cls == float.class || cls == Float.class) {
      return "use double";
    } else if (cls == short.class || cls == Short.class || cls == byte.class || cls == Byte.class) {
      return "use int";
    } else if (cls == char.class || cls == Character.class) {
      return "use String";
    } else if (cls == java.util.Date.class || cls == java.sql.Timestamp.class || cls == LocalDateTime.class
        || cls == OffsetDateTime.class || cls == ZonedDateTime.class) {
      return "use Instant, since TIMESTAMP is an instant in UTC";
    } else if (cls == java.sql.Date.class) {
      return "use LocalDate";
    } else if (cls == BigInteger.class) {
      return "use BigDecimal or long";
    } else if (cls == Object.class) {
      return "declare a concrete type";
    } else if (cls == Optional.class) {
      return "use a nullable type, such as Integer or String, instead of Optional";
    } else if (cls == List.class) {
      return "declare the element type, as in List<String>";
    } else if (cls == Map.class) {
      return "declare the key and value types, as in Map<String, Integer>";
    } else if (Map.class.isAssignableFrom(cls)) {
      return "declare it as Map<K, V>";
    } else if (Iterable.class.isAssignableFrom(cls) || Collection.class.isAssignableFrom(cls)) {
      return "declare it as List<T>";
    } else if (cls.isArray()) {
      return "use List<" + typeName(boxed(cls.getComponentType())) + ">";
    } else if (cls.isPrimitive()) {
      return "use one of the supported types";
    }
    return "it is neither a record nor an enum; make it a record, or use one of the supported types";
  }

  private static Class<?> boxed(Class<?> cls) {
    return cls.isPrimitive() ? MethodType.methodType(cls).wrap().returnType() : cls;
  }

  /** The type as written in Java source, with simple class names: {@code Map<String, List<Item>>}. */
  private static String typeName(Type type) {
    if (type instanceof Class<?> cls) {
      return cls.getSimpleName();
    } else if (type instanceof ParameterizedType parameterized) {
      return typeName(parameterized.getRawType()) + Arrays.stream(parameterized.getActualTypeArguments())
          .map(RecordEncoder::typeName).collect(Collectors.joining(", ", "<", ">"));
    } else if (type instanceof WildcardType wildcard) {
      if (wildcard.getLowerBounds().length > 0) {
        return "? super " + typeName(wildcard.getLowerBounds()[0]);
      }
      Type upper = wildcard.getUpperBounds()[0];
      return upper == Object.class ? "?" : "? extends " + typeName(upper);
    } else if (type instanceof GenericArrayType array) {
      return typeName(array.getGenericComponentType()) + "[]";
    }
    return type.getTypeName();
  }

  // ---- conversion

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Class<R> type() {
    return type;
  }

  /**
   * @throws NullPointerException if {@code value} is null: a top-level row cannot be null
   */
  @Override
  public Row toRow(R value) {
    if (value == null) {
      throw new NullPointerException("Cannot convert a null " + type.getSimpleName() + " to a row; "
          + "filter out null values first");
    }
    return toRowUnchecked(value);
  }

  private Row toRowUnchecked(Object value) {
    var values = new Object[accessors.length];
    for (int i = 0; i < values.length; i++) {
      Object component;
      try {
        component = accessors[i].invokeExact(value);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException("Accessor " + type.getSimpleName() + "." + names[i] + "() failed", e);
      }
      values[i] = component == null ? null : converters[i].toRow(component);
    }
    return Row.wrap(schema, values);
  }

  @Override
  public R fromRow(Row row) {
    Objects.requireNonNull(row, "row");
    try {
      return type.cast(fromRowUnchecked(row));
    } catch (ConversionFailure failure) {
      throw new IllegalArgumentException("Cannot convert row " + Rows.preview(row) + " to " + type.getSimpleName()
          + ": " + failure.describe(), failure.getCause());
    }
  }

  private Object fromRowUnchecked(Row row) {
    int[] indexes = indexes(row);
    var arguments = new Object[names.length];
    for (int i = 0; i < arguments.length; i++) {
      Object value = row.get(indexes[i]);
      if (value == null) {
        if (primitives[i] != null) {
          throw ConversionFailure.value(names[i], "is null, but " + type.getSimpleName() + "." + names[i] + " is a "
              + "primitive " + primitives[i].getName() + "; declare it as " + boxed(primitives[i]).getSimpleName()
              + " to allow nulls, or filter out the rows with nulls");
        }
        continue;
      }
      try {
        arguments[i] = converters[i].fromRow(value);
      } catch (ConversionFailure failure) {
        throw failure.under(names[i]);
      }
    }
    try {
      return constructor.invokeExact(arguments);
    } catch (RuntimeException e) {
      throw ConversionFailure.row("the constructor of " + type.getSimpleName() + " rejected the values: " + e, e);
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("The constructor of " + type.getSimpleName() + " failed", e);
    }
  }

  /** Where each component is in {@code row}: by name if the row has a schema, else by position. */
  private int[] indexes(Row row) {
    Optional<Schema> rowSchema = row.schema();
    if (rowSchema.isEmpty()) {
      if (row.size() != names.length) {
        throw ConversionFailure.row("the row has " + row.size() + " value" + (row.size() == 1 ? "" : "s")
            + " but " + type.getSimpleName() + " has " + names.length + " component" + (names.length == 1 ? "" : "s")
            + "; give the row a schema to match fields by name, or one value "
            + "per component in declaration order", null);
      }
      return byPosition;
    }
    Schema s = rowSchema.get();
    Mapping cached = mapping;
    if (cached != null && (cached.schema == s || cached.schema.equals(s))) {
      return cached.indexes;
    }
    var indexes = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      indexes[i] = s.indexOf(names[i]);
      if (indexes[i] < 0) {
        throw ConversionFailure.row("the row has no field '" + names[i] + "' for component "
            + type.getSimpleName() + "." + names[i] + " (fields: " + String.join(", ", s.names())
            + "); rename the column or the component", null);
      }
    }
    mapping = new Mapping(s, indexes);
    return indexes;
  }

  @Override
  public String toString() {
    return "Encoder<" + type.getSimpleName() + ">(" + schema.toDdl() + ")";
  }

  /**
   * A row or value that cannot be converted, with the path to it; becomes an {@link IllegalArgumentException} in
   * {@link #fromRow}. Carries no stack trace, since it is only ever rethrown as another exception.
   */
  private static final class ConversionFailure extends RuntimeException {
    private final Deque<String> path = new ArrayDeque<>();
    private final String problem;
    private final boolean aboutValue;

    /** A problem with the value at the path, phrased as a predicate: "holds a ...", "is null, but ...". */
    static ConversionFailure value(String segment, String predicate) {
      return new ConversionFailure(segment, predicate, true, null);
    }

    /** A problem with the row at the path, phrased as a sentence: "the row has no field ...". */
    static ConversionFailure row(String sentence, Throwable cause) {
      return new ConversionFailure("", sentence, false, cause);
    }

    private ConversionFailure(String segment, String problem, boolean aboutValue, Throwable cause) {
      super(problem, cause, false, false);
      this.problem = problem;
      this.aboutValue = aboutValue;
      if (!segment.isEmpty()) {
        path.push(segment);
      }
    }

    ConversionFailure under(String segment) {
      path.push(segment);
      return this;
    }

    String describe() {
      if (path.isEmpty()) {
        return problem;
      }
      var sb = new StringBuilder();
      for (String segment : path) {
        if (sb.length() > 0 && !segment.startsWith("[")) {
          sb.append('.');
        }
        sb.append(segment);
      }
      return "field '" + sb + "'" + (aboutValue ? " " : ": ") + problem;
    }
  }

  /** Converts the values of one Java type to the row representation and back; never sees null. */
  private interface Converter {
    DataType type();

    /** Whether both directions return the value unchanged. */
    default boolean isIdentity() {
      return false;
    }

    Object toRow(Object value);

    Object fromRow(Object value);
  }

  private static ConversionFailure wrongClass(Object value, Class<?> expected) {
    return ConversionFailure.value("", "holds a " + value.getClass().getName() + " (" + Rows.preview(value)
        + "), but the component needs a " + expected.getName());
  }

  private record IdentityConverter(DataType type, Class<?> javaClass) implements Converter {
    @Override
    public boolean isIdentity() {
      return true;
    }

    @Override
    public Object toRow(Object value) {
      return value;
    }

    @Override
    public Object fromRow(Object value) {
      if (!javaClass.isInstance(value)) {
        throw wrongClass(value, javaClass);
      }
      return value;
    }
  }

  private static final class EnumConverter implements Converter {
    private final Class<?> enumClass;
    private final Map<String, Object> constants = new LinkedHashMap<>();

    EnumConverter(Class<?> enumClass) {
      this.enumClass = enumClass;
      for (Object constant : enumClass.getEnumConstants()) {
        constants.put(((Enum<?>) constant).name(), constant);
      }
    }

    @Override
    public DataType type() {
      return DataType.STRING;
    }

    @Override
    public Object toRow(Object value) {
      return ((Enum<?>) value).name();
    }

    @Override
    public Object fromRow(Object value) {
      if (!(value instanceof String name)) {
        throw wrongClass(value, String.class);
      }
      Object constant = constants.get(name);
      if (constant == null) {
        throw ConversionFailure.value("", "holds \"" + name + "\", which is not a constant of enum "
            + enumClass.getSimpleName() + " (" + String.join(", ", constants.keySet()) + ")");
      }
      return constant;
    }
  }

  private record RecordConverter(RecordEncoder<?> encoder) implements Converter {
    @Override
    public DataType type() {
      return encoder.schema();
    }

    @Override
    public Object toRow(Object value) {
      return encoder.toRowUnchecked(value);
    }

    @Override
    public Object fromRow(Object value) {
      if (!(value instanceof Row row)) {
        throw ConversionFailure.value("", "holds a " + value.getClass().getName() + " (" + Rows.preview(value)
            + "), but the component is the record " + encoder.type().getSimpleName() + ", read from a Row (STRUCT)");
      }
      return encoder.fromRowUnchecked(row);
    }
  }

  private record ListConverter(Converter element) implements Converter {
    @Override
    public DataType type() {
      return DataType.array(element.type());
    }

    @Override
    public Object toRow(Object value) {
      if (element.isIdentity()) {
        return value;
      }
      var out = new ArrayList<>(((List<?>) value).size());
      for (Object e : (List<?>) value) {
        out.add(e == null ? null : element.toRow(e));
      }
      return Collections.unmodifiableList(out);
    }

    @Override
    public Object fromRow(Object value) {
      if (!(value instanceof List<?> list)) {
        throw wrongClass(value, List.class);
      }
      if (element.isIdentity()) {
        return list;
      }
      var out = new ArrayList<>(list.size());
      int i = 0;
      for (Object e : list) {
        try {
          out.add(e == null ? null : element.fromRow(e));
        } catch (ConversionFailure failure) {
          throw failure.under("[" + i + "]");
        }
        i++;
      }
      return Collections.unmodifiableList(out);
    }
  }

  private record MapConverter(Converter key, Converter value) implements Converter {
    @Override
    public DataType type() {
      return DataType.map(key.type(), value.type());
    }

    private boolean passThrough() {
      return key.isIdentity() && value.isIdentity();
    }

    @Override
    public Object toRow(Object map) {
      if (passThrough()) {
        return map;
      }
      var out = new LinkedHashMap<>();
      for (var entry : ((Map<?, ?>) map).entrySet()) {
        Object k = entry.getKey();
        Object v = entry.getValue();
        out.put(k == null ? null : key.toRow(k), v == null ? null : value.toRow(v));
      }
      return Collections.unmodifiableMap(out);
    }

    @Override
    public Object fromRow(Object map) {
      if (!(map instanceof Map<?, ?> m)) {
        throw wrongClass(map, Map.class);
      }
      if (passThrough()) {
        return m;
      }
      var out = new LinkedHashMap<>();
      for (var entry : m.entrySet()) {
        Object k = entry.getKey();
        Object v = entry.getValue();
        String segment = "[" + Rows.preview(k) + "]";
        Object javaKey;
        try {
          javaKey = k == null ? null : key.fromRow(k);
        } catch (ConversionFailure failure) {
          throw failure.under(segment + " (key)");
        }
        try {
          out.put(javaKey, v == null ? null : value.fromRow(v));
        } catch (ConversionFailure failure) {
          throw failure.under(segment);
        }
      }
      return Collections.unmodifiableMap(out);
    }
  }
}
