package dev.millrace.runtime.boot;

import dev.millrace.runtime.engine.progress.PipelineStatus;
import dev.millrace.runtime.engine.progress.TableStatus;
import java.util.LinkedHashMap;
import java.util.Locale;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the pipeline ({@code /actuator/health/millrace}): DOWN when a table failed in the current or last run
 * (details: each failed table's error), UP otherwise, with the pipeline's state and each table's state as details.
 * A failed table stays DOWN until a run in which it succeeds.
 */
public class MillraceHealthIndicator extends AbstractHealthIndicator {

  private final PipelineStatusSource source;

  public MillraceHealthIndicator(PipelineStatusSource source) {
    super("Millrace pipeline health check failed");
    this.source = source;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    PipelineStatus status = source.status();
    var tables = new LinkedHashMap<String, String>();
    var errors = new LinkedHashMap<String, String>();
    for (TableStatus t : status.tables()) {
      tables.put(t.name(), t.state().name().toLowerCase(Locale.ROOT).replace('_', ' '));
      if (t.state() == TableStatus.State.FAILED) {
        errors.put(t.name(), t.error().orElse("failed"));
      }
    }
    (errors.isEmpty() ? builder.up() : builder.down())
        .withDetail("pipeline", status.pipeline())
        .withDetail("state", status.state().name().toLowerCase(Locale.ROOT))
        .withDetail("tables", tables);
    if (!errors.isEmpty()) {
      builder.withDetail("errors", errors);
    }
  }
}
