package dev.millrace.runtime.semantics;

import dev.millrace.config.PipelineConfig;
import dev.millrace.runtime.operator.InternalValues;
import dev.millrace.types.Row;
import java.time.Instant;
import java.util.Map;

/**
 * Helpers for the Spark-semantics tests: event times are written as seconds (or milliseconds) after a fixed base,
 * so a test reads like the Spark suite it mirrors ({@code AddData(input, 10, 11, 12)} becomes {@code s(10)}, ...).
 */
final class Sem {

  static final Instant BASE = Instant.parse("2026-01-01T12:00:00Z");

  private Sem() {}

  /** The event time {@code seconds} after the base. */
  static Instant s(long seconds) {
    return BASE.plusSeconds(seconds);
  }

  /** The event time {@code millis} milliseconds after the base. */
  static Instant ms(long millis) {
    return BASE.plusMillis(millis);
  }

  /** A window struct {@code {start, end}} in seconds after the base. */
  static Row win(long start, long end) {
    return Row.of(s(start), s(end));
  }

  /** A watermark as reported by the run summary (microseconds), for {@code seconds} after the base. */
  static long wm(long seconds) {
    return InternalValues.micros(s(seconds));
  }

  /** Two partitions (so keys spread over several stores) on {@code provider}, plus {@code tables} YAML. */
  static PipelineConfig config(String provider, String tables) {
    return PipelineConfig.parse("""
        pipeline:
          defaults:
            partitions: 2
            state-store: { provider: %s }
        %s
        """.formatted(provider, tables), "t.yaml", Map.of());
  }

  static PipelineConfig config(String provider) {
    return config(provider, "");
  }
}
