package dev.millrace.config.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A YAML value with the 1-based line it starts on: what the binder needs that Jackson's tree does not keep. */
public sealed interface YamlNode {

  int line();

  /** A mapping, in file order. */
  record Mapping(int line, Map<String, Entry> entries) implements YamlNode {
    public Mapping {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }
  }

  /** One key of a mapping, with the line of the key. */
  record Entry(String key, int keyLine, YamlNode value) {}

  record Sequence(int line, List<YamlNode> items) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }
  }

  /**
   * A scalar as written (quotes removed), whatever YAML type it would have: the binder types it after substituting
   * placeholders. {@code empty} marks a missing value ({@code key:} with nothing after it, or {@code ~}/{@code null}).
   */
  record Scalar(int line, String text, boolean empty) implements YamlNode {}
}
