package dev.millrace.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Defines a materialized view: the method returns a batch {@link dev.millrace.dataset.Dataset} over snapshot reads
 * ({@code ctx.read(...)}), recomputed on each pipeline update. It cannot be read as a stream downstream. Method
 * rules as for {@link StreamingTable}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MaterializedView {

  /** The view's name; defaults to the method name in snake_case. */
  String name() default "";

  /** A description shown by {@code validate} and stored with the view. */
  String comment() default "";

  /** Free-form table properties. */
  TableProperty[] properties() default {};
}
