package dev.millrace.config.internal;

import dev.millrace.errors.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Reads YAML text with Jackson's YAML parser into a {@link YamlNode} tree that keeps the line of every key and value.
 * Rejects what the configuration format has no use for: several documents, aliases, duplicate keys.
 */
public final class YamlReader {

  private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

  private final String source;

  private YamlReader(String source) {
    this.source = source;
  }

  /**
   * The document's root, or an empty mapping for an empty document.
   *
   * @throws ConfigException for malformed YAML, a root that is not a mapping, several documents, an alias or a
   *     duplicate key, with the line
   */
  public static YamlNode read(String yaml, String source) {
    return new YamlReader(source).readDocument(yaml);
  }

  private YamlNode readDocument(String yaml) {
    try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), yaml)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return new YamlNode.Mapping(1, Map.of());
      }
      YamlNode root = readValue(p, t, "", 0);
      JsonToken next = p.nextToken();
      if (next != null) {
        throw new ConfigException(
            source,
            line(p),
            "a second YAML document starts here; a pipeline configuration is one document (remove the '---')");
      }
      return root;
    } catch (JacksonException e) {
      throw malformed(e);
    }
  }

  private YamlNode readValue(JsonParser p, JsonToken t, String path, int keyLine) {
    int line = line(p);
    switch (t) {
      case START_OBJECT -> {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
          String key = p.currentName();
          int entryLine = line(p);
          YamlNode.Entry previous = entries.get(key);
          if (previous != null) {
            throw new ConfigException(
                source,
                entryLine,
                "duplicate key '" + key + "' " + ConfigKeys.where(path) + " (first at line " + previous.keyLine() + ")");
          }
          YamlNode value = readValue(p, p.nextToken(), ConfigKeys.child(path, key), entryLine);
          entries.put(key, new YamlNode.Entry(key, entryLine, value));
        }
        return new YamlNode.Mapping(line, entries);
      }
      case START_ARRAY -> {
        List<YamlNode> items = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          items.add(readValue(p, t, path + "[" + items.size() + "]", line(p)));
        }
        return new YamlNode.Sequence(line, items);
      }
      case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> {
        if (p instanceof YAMLParser yp && yp.isCurrentAlias()) {
          throw new ConfigException(
              source, line, "YAML aliases ('*" + p.getString() + "') are not supported here; write the value out");
        }
        String text = t == JsonToken.VALUE_NULL ? "" : p.getString();
        boolean empty = t == JsonToken.VALUE_NULL || text.isEmpty() || text.equals("~") || text.equals("null");
        // An empty value is reported on its key's line: the parser places it where the next token starts.
        return new YamlNode.Scalar(empty && keyLine > 0 ? keyLine : line, text, empty);
      }
      default ->
          throw new ConfigException(source, line, "unsupported YAML value (" + t + ") " + ConfigKeys.where(path));
    }
  }

  private static int line(JsonParser p) {
    return p.currentTokenLocation().getLineNr();
  }

  private ConfigException malformed(JacksonException e) {
    Throwable cause = e.getCause();
    if (cause instanceof MarkedYamlEngineException m) {
      int line = m.getProblemMark().map(mark -> mark.getLine() + 1).orElse(0);
      String context =
          m.getContext() == null
              ? ""
              : " (" + m.getContext() + m.getContextMark().map(mark -> " started at line " + (mark.getLine() + 1)).orElse("") + ")";
      return new ConfigException(source, line, "malformed YAML: " + m.getProblem() + context, e);
    }
    int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    return new ConfigException(source, Math.max(line, 0), "malformed YAML: " + e.getOriginalMessage(), e);
  }
}
