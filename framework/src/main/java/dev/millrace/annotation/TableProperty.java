package dev.millrace.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A key/value property of a table, like DLT's {@code table_properties}: {@code @TableProperty(key = "quality", value = "silver")}. */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TableProperty {
  String key();

  String value();
}
