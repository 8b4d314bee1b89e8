package dev.millrace.config.internal;

import java.util.List;

/**
 * The keys the loader accepts at each level of the file, in documentation order. The JSON Schema
 * ({@code config/millrace-pipeline.schema.json}) must list exactly these; a test keeps them in sync.
 */
public final class ConfigKeys {

  public static final List<String> ROOT = List.of("pipeline", "tables");
  public static final List<String> PIPELINE =
      List.of("name", "storage", "warehouse", "trigger", "configuration", "defaults");
  public static final List<String> TRIGGER = List.of("mode", "interval");
  public static final List<String> DEFAULTS = List.of("partitions", "watermark-policy", "state-store");
  public static final List<String> TABLE =
      List.of("partitions", "watermark", "watermark-policy", "dedupe", "output-mode", "state-store", "comment");
  public static final List<String> WATERMARK = List.of("column", "delay");
  public static final List<String> DEDUPE = List.of("keys");
  public static final List<String> STATE_STORE = List.of("provider", "snapshot-interval", "retain-batches", "rocksdb");
  public static final List<String> ROCKSDB = List.of("block-cache", "write-buffer", "compression");

  private ConfigKeys() {}

  /** The dotted path of {@code key} under {@code parent} ({@code ""} is the root). */
  public static String child(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  /** "in tables.x" or "at the top level", for messages. */
  public static String where(String path) {
    return path.isEmpty() ? "at the top level" : "in " + path;
  }
}
