package dev.millrace.config.internal;

import dev.millrace.errors.Suggestions;
import dev.millrace.errors.ConfigException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Substitutes {@code ${key}} and {@code ${key:default}} in configuration strings: {@code key} is looked up in the
 * {@code configuration:} map (after {@code --conf} overrides; its values are substituted themselves, cycles are
 * errors), then in the environment; the default is used when neither has it and may contain placeholders itself.
 * <code>$${</code> writes a literal <code>${</code>. Environment values are taken as they are.
 */
public final class Placeholders {

  /** One {@code configuration:} entry before substitution: its text and where it was written. */
  public record RawEntry(String text, String path, int line) {}

  private final String source;
  private final Map<String, RawEntry> raw;
  private final Map<String, String> env;
  private final Map<String, String> resolved = new HashMap<>();

  public Placeholders(String source, Map<String, RawEntry> raw, Map<String, String> env) {
    this.source = source;
    this.raw = raw;
    this.env = env;
  }

  /** Every configuration entry, substituted, in the raw map's order. */
  public Map<String, String> resolveAll() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : raw.keySet()) {
      out.put(key, resolveEntry(key, new ArrayList<>()));
    }
    return out;
  }

  /** {@code text} with its placeholders substituted; errors name {@code path} and {@code line}. */
  public String substitute(String text, String path, int line) {
    return expand(text, path, line, new ArrayList<>());
  }

  private String resolveEntry(String key, List<String> chain) {
    String done = resolved.get(key);
    if (done != null) {
      return done;
    }
    RawEntry entry = raw.get(key);
    int start = chain.indexOf(key);
    if (start >= 0) {
      List<String> cycle = new ArrayList<>(chain.subList(start, chain.size()));
      cycle.add(key);
      RawEntry first = raw.get(cycle.get(0));
      throw new ConfigException(
          source,
          first.line(),
          first.path() + ": placeholder cycle " + String.join(" -> ", cycle) + "; give one of them a value without placeholders");
    }
    chain.add(key);
    String value = expand(entry.text(), entry.path(), entry.line(), chain);
    chain.remove(chain.size() - 1);
    resolved.put(key, value);
    return value;
  }

  private String expand(String text, String path, int line, List<String> chain) {
    if (!text.contains("${")) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int end = closingBrace(text, i + 2);
        if (end < 0) {
          throw new ConfigException(
              source, line, path + ": unterminated placeholder '" + text.substring(i) + "'; close it with '}'");
        }
        out.append(lookup(text.substring(i, end + 1), text.substring(i + 2, end), path, line, chain));
        i = end + 1;
      } else {
        out.append(text.charAt(i++));
      }
    }
    return out.toString();
  }

  private String lookup(String placeholder, String body, String path, int line, List<String> chain) {
    int colon = topLevelColon(body);
    String key = (colon < 0 ? body : body.substring(0, colon)).strip();
    String fallback = colon < 0 ? null : body.substring(colon + 1);
    if (key.isEmpty()) {
      throw new ConfigException(source, line, path + ": placeholder '" + placeholder + "' names no key");
    }
    if (raw.containsKey(key)) {
      return resolveEntry(key, chain);
    }
    String fromEnv = env.get(key);
    if (fromEnv != null) {
      return fromEnv;
    }
    if (fallback != null) {
      return expand(fallback, path, line, chain);
    }
    String hint =
        Suggestions.closest(key, raw.keySet()).map(k -> " Did you mean '${" + k + "}'?").orElse("");
    throw new ConfigException(
        source,
        line,
        path
            + ": cannot resolve '"
            + placeholder
            + "': '"
            + key
            + "' is not in pipeline.configuration, --conf or the environment."
            + hint
            + " Define it under pipeline.configuration, pass --conf "
            + key
            + "=VALUE, or give a default: '${"
            + key
            + ":VALUE}'");
  }

  /** The index of the '}' that closes a placeholder whose body starts at {@code from}, or -1. */
  private static int closingBrace(String text, int from) {
    int depth = 0;
    for (int i = from; i < text.length(); i++) {
      if (text.startsWith("${", i)) {
        depth++;
        i++;
      } else if (text.charAt(i) == '}') {
        if (depth == 0) {
          return i;
        }
        depth--;
      }
    }
    return -1;
  }

  private static int topLevelColon(String body) {
    int depth = 0;
    for (int i = 0; i < body.length(); i++) {
      if (body.startsWith("${", i)) {
        depth++;
        i++;
      } else if (body.charAt(i) == '}') {
        depth--;
      } else if (body.charAt(i) == ':' && depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
