package dev.millrace.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a class whose methods define tables ({@link StreamingTable}, {@link MaterializedView}). In a Spring
 * application it is a {@link Component}, so the Millrace auto-configuration finds it by component scanning; without
 * Spring, pass an instance to the graph builder. A pipeline may span several such classes; table names are global
 * to the pipeline.
 *
 * <p>One application may hold several pipelines: give each class the {@link #name()} of the pipeline it belongs to,
 * and the YAML's {@code pipeline.name} selects the classes of that pipeline. A class without a name belongs to every
 * pipeline (so an application with one pipeline needs no names).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface Pipeline {

  /** The Spring bean name, if one is wanted. Not the pipeline's name: that is {@link #name()}. */
  @AliasFor(annotation = Component.class)
  String value() default "";

  /**
   * The pipeline this class belongs to, matched against the configuration's {@code pipeline.name}; empty (the
   * default): every pipeline of the application.
   */
  String name() default "";
}
