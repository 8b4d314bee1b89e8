package dev.millrace.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Applies {@code withWatermark(column, delay)} to every streaming input of the table that has {@code column}
 * (before the method's own transformations), as DLT does for a table's source. Overridden by the YAML's
 * {@code tables.<name>.watermark}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Watermark {

  /** The event-time column, a TIMESTAMP. */
  String column();

  /** How far the watermark trails the largest event time seen, e.g. {@code "10 seconds"} or {@code "PT10S"}. */
  String delay();
}
