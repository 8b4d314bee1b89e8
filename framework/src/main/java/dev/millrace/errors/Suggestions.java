package dev.millrace.errors;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?" for misspelt keys, values, table and column names. */
public final class Suggestions {

  private Suggestions() {}

  /**
   * The candidate closest to {@code input}, if one is close enough to be a likely typo: the same once case, '-' and
   * '_' are ignored ({@code snapshotInterval} for {@code snapshot-interval}), within an edit distance of about a
   * third of its length (at least 1, at most 3), or else one is a prefix of the other, 3 characters or more
   * ({@code maximum} for {@code max}). Ties go to the candidate that comes first.
   */
  public static Optional<String> closest(String input, Collection<String> candidates) {
    String normalized = normalize(input);
    for (String candidate : candidates) {
      if (normalize(candidate).equals(normalized)) {
        return Optional.of(candidate);
      }
    }
    int limit = Math.max(1, Math.min(3, input.length() / 3));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(input.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d <= limit && d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    if (best != null) {
      return Optional.of(best);
    }
    String lower = input.toLowerCase(Locale.ROOT);
    for (String candidate : candidates) {
      String c = candidate.toLowerCase(Locale.ROOT);
      if (Math.min(c.length(), lower.length()) >= 3 && (lower.startsWith(c) || c.startsWith(lower))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** {@code " Did you mean 'x'?"} for the {@link #closest} candidate, or the empty string. */
  public static String didYouMean(String input, Collection<String> candidates) {
    return closest(input, candidates).map(c -> " Did you mean '" + c + "'?").orElse("");
  }

  private static String normalize(String s) {
    return s.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
  }

  /** Optimal string alignment distance: Levenshtein plus transposition of two adjacent characters. */
  public static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
