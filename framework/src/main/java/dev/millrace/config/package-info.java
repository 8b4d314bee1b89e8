/**
 * The pipeline configuration file (DESIGN §5): its model, its loader and the duration and size formats it uses.
 *
 * <p>{@link dev.millrace.config.PipelineConfig#load} reads a YAML file into immutable records:
 * {@link dev.millrace.config.PipelineSettings} for {@code pipeline:}, and one partial
 * {@link dev.millrace.config.TableSettings} per {@code tables:} entry. A table's effective settings come from
 * {@link dev.millrace.config.PipelineConfig#effectiveSettings}, which merges, lowest precedence first:
 * {@link dev.millrace.config.TableSettings#BUILT_IN} &lt; {@code pipeline.defaults} &lt; the table's annotations &lt;
 * its {@code tables.<name>} entry.
 *
 * <p>Decisions:
 *
 * <ul>
 *   <li>Keys are kebab-case, enum values too ({@code available-now}); enum values are also accepted in any case and
 *       with underscores. The loader accepts exactly the keys of {@code config/millrace-pipeline.schema.json}.
 *   <li>Without a file, or when the file leaves them out: name {@code pipeline}, storage
 *       {@code ./target/millrace/<name>}, warehouse {@code <storage>/warehouse.duckdb}, trigger {@code available-now}
 *       (process what is there, then stop, like a triggered DLT update; a long-running pipeline says
 *       {@code processing-time} or {@code continuous}). Relative paths are relative to the working directory.
 *   <li>{@code pipeline.defaults} takes only {@code partitions}, {@code watermark-policy} and {@code state-store}:
 *       a watermark, dedupe keys, an output mode or a comment belong to one table.
 *   <li>{@code watermark} merges field by field, so a YAML entry can change only the delay of a {@code @Watermark};
 *       {@code dedupe.keys} replaces the list. No level can remove a watermark or dedupe set below it.
 *   <li>{@code ${key}} placeholders are substituted in every string value (not in keys) before the value is typed,
 *       so {@code partitions: ${parts}} works. Lookup: {@code pipeline.configuration} after {@code --conf}
 *       overrides, then the environment (exact name), then the {@code :default}. <code>$${</code> escapes.
 *   <li>Sizes are binary (1KB = 1024 bytes), as RocksDB and Spring's {@code DataSize}. A duration needs a unit.
 *   <li>YAML aliases, several documents and duplicate keys are errors; a key with no value is an error except for
 *       sections (empty section) and configuration entries (empty string).
 * </ul>
 *
 * Every problem is a {@link dev.millrace.errors.ConfigException} starting {@code file:line:}, the line being that
 * of the offending key or value. Types in {@code dev.millrace.config.internal} are not API.
 */
package dev.millrace.config;
