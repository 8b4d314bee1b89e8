package dev.millrace.types.internal;

import dev.millrace.types.DataType;
import dev.millrace.types.Schema;

/** Parses DDL type and schema strings. */
public final class DdlParser {

  private DdlParser() {}

  public static DataType parseType(String ddl) {
    throw new IllegalStateException("DdlParser not written yet");
  }

  public static Schema parseSchema(String ddl) {
    throw new IllegalStateException("DdlParser not written yet");
  }
}
