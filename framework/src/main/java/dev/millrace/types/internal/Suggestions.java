package dev.millrace.types.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean ...?" for misspelled names: the closest candidate by edit distance (insertions, deletions,
 * substitutions and swaps of two adjacent characters each cost 1), compared case-insensitively.
 */
public final class Suggestions {

  private Suggestions() {}

  /**
   * The candidate closest to {@code input}, if it is close enough to be a plausible misspelling: at most 1 edit for
   * inputs of up to 4 characters, 2 edits for longer ones, or any candidate that starts with an input of at least 3
   * characters ({@code BOOL} → {@code BOOLEAN}). Ties go to the earlier candidate.
   */
  public static Optional<String> closest(String input, Collection<String> candidates) {
    String in = input.toUpperCase(Locale.ROOT);
    int limit = in.length() <= 4 ? 1 : 2;
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      String c = candidate.toUpperCase(Locale.ROOT);
      int d = distance(in, c);
      if (d > limit && !(in.length() >= 3 && c.startsWith(in))) {
        continue;
      }
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Optimal-string-alignment distance between {@code a} and {@code b}. */
  static int distance(String a, String b) {
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
