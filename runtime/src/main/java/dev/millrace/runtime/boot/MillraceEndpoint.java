package dev.millrace.runtime.boot;

import dev.millrace.runtime.engine.progress.PipelineStatus;
import dev.millrace.runtime.engine.progress.ProgressJson;
import dev.millrace.runtime.engine.progress.TableStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The Actuator endpoint {@code millrace}: {@code GET /actuator/millrace} gives the pipeline's graph (tables with
 * their kind, inputs and drawing level, and the edges) and each table's status (state, last batch, totals,
 * watermark, backlog, state size, error, last progress record); {@code GET /actuator/millrace/{table}} one table's
 * status with its recent progress records. Before the first run in this process, the graph of the configured
 * pipeline with every table idle. docs/operations.md describes the fields.
 */
@Endpoint(id = "millrace")
public class MillraceEndpoint {

  private final PipelineStatusSource source;

  public MillraceEndpoint(PipelineStatusSource source) {
    this.source = source;
  }

  @ReadOperation
  public Map<String, Object> pipeline() {
    return ProgressJson.toMap(source.status().snapshot());
  }

  /** One table's status and its recent progress records; null (404) for an unknown table. */
  @ReadOperation
  public Map<String, Object> table(@Selector String table) {
    PipelineStatus status = source.status();
    TableStatus t = status.table(table).orElse(null);
    if (t == null) {
      return null;
    }
    var map = new LinkedHashMap<String, Object>(ProgressJson.toMap(t.snapshot()));
    map.put("recentProgress", t.recentProgress().stream().map(ProgressJson::toMap).toList());
    return map;
  }
}
