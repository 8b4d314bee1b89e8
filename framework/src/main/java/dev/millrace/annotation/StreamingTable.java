package dev.millrace.annotation;

import dev.millrace.streaming.OutputMode;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Defines a streaming table: the method returns a streaming {@link dev.millrace.dataset.Dataset} (one that reads
 * {@code ctx.readStream(...)}), and Millrace keeps the table up to date as an incremental, checkpointed,
 * exactly-once micro-batch query. The method is public, returns {@code Dataset}, and takes either nothing or a
 * {@link dev.millrace.dataset.PipelineContext}; it runs once, when the graph is built.
 *
 * <p>Every setting here can be overridden per table in the pipeline's YAML file ({@code tables: <name>: ...}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface StreamingTable {

  /** The table's name; defaults to the method name in snake_case ({@code eventsClean} → {@code events_clean}). */
  String name() default "";

  /** A description shown by {@code validate} and stored with the table. */
  String comment() default "";

  /**
   * How the query writes its result (see {@link OutputMode}). Only append-mode tables can be read with
   * {@code ctx.readStream} downstream.
   */
  OutputMode outputMode() default OutputMode.APPEND;

  /** Free-form table properties. */
  TableProperty[] properties() default {};
}
