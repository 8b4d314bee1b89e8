package dev.millrace.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * De-duplicates the table's streaming input by {@code keys}, after the {@link Watermark}: with a watermark this is
 * {@code dropDuplicatesWithinWatermark(keys)} (bounded state), without one {@code dropDuplicates(keys)}, whose state
 * grows forever (a warning is logged). Overridden by the YAML's {@code tables.<name>.dedupe}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Dedupe {

  /** The columns whose values identify a duplicate. */
  String[] keys();
}
