package dev.millrace.graph.internal;

/** How table names are derived from method names. */
public final class TableNames {

  private TableNames() {}

  /**
   * The method name in snake_case: {@code rawEvents} → {@code raw_events}, {@code userActivity1m} →
   * {@code user_activity_1m}, {@code HTTPRequests} → {@code http_requests}, {@code top10Pages} → {@code top_10_pages}.
   * An underscore goes before an upper-case letter that follows a lower-case letter or digit, before an upper-case
   * letter that starts a word after an acronym, and between a letter and the digits that follow it.
   */
  public static String snakeCase(String methodName) {
    var sb = new StringBuilder(methodName.length() + 8);
    for (int i = 0; i < methodName.length(); i++) {
      char c = methodName.charAt(i);
      if (i > 0) {
        char prev = methodName.charAt(i - 1);
        boolean nextLower = i + 1 < methodName.length() && Character.isLowerCase(methodName.charAt(i + 1));
        boolean boundary = (Character.isUpperCase(c) && (Character.isLowerCase(prev) || Character.isDigit(prev)))
            || (Character.isUpperCase(c) && Character.isUpperCase(prev) && nextLower)
            || (Character.isDigit(c) && Character.isLetter(prev));
        if (boundary && prev != '_') {
          sb.append('_');
        }
      }
      sb.append(Character.toLowerCase(c));
    }
    return sb.toString();
  }
}
