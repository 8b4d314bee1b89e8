package dev.millrace.config;

import java.util.List;
import java.util.Objects;

/**
 * Deduplication of a table's streaming input: {@code dropDuplicatesWithinWatermark(keys)}, or
 * {@code dropDuplicates(keys)} when the table has no watermark. A higher-precedence setting replaces the key list
 * as a whole.
 *
 * @param keys the columns that identify a row; not empty, no blank names, unmodifiable
 */
public record DedupeSettings(List<String> keys) {

  public DedupeSettings {
    keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("dedupe needs at least one key column");
    }
    for (String key : keys) {
      if (key.isBlank()) {
        throw new IllegalArgumentException("a dedupe key column must not be blank: " + keys);
      }
    }
  }

  public static DedupeSettings of(String... keys) {
    return new DedupeSettings(List.of(keys));
  }
}
