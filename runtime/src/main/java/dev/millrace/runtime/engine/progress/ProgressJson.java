package dev.millrace.runtime.engine.progress;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of progress records and status snapshots: records' components in declaration order, instants as
 * ISO-8601 UTC strings, nulls left out. One mapper, so the event log, the Actuator endpoint and the live page show
 * the same shape whatever JSON settings the application has.
 */
public final class ProgressJson {

  private static final JsonMapper JSON = JsonMapper.builder()
      .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
      .build();

  private ProgressJson() {}

  /** One line of JSON. */
  public static String compact(Object value) {
    return JSON.writeValueAsString(value);
  }

  /** Indented JSON. */
  public static String pretty(Object value) {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
  }

  /** The value as nested maps and lists (for a web endpoint that renders them with its own mapper). */
  public static Map<String, Object> toMap(Object value) {
    return JSON.convertValue(value, new TypeReference<LinkedHashMap<String, Object>>() {});
  }
}
