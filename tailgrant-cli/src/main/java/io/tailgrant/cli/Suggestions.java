package io.tailgrant.cli;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean ...?": the known word nearest a mistyped one, if one is near enough. */
final class Suggestions {
  private Suggestions() {}

  /**
   * The candidate closest to {@code typed} (ignoring case, a swap of two neighbours counting as one
   * edit) within 1 edit for words of up to 4 letters and 2 for longer ones; null if none is.
   */
  static String closest(String typed, Collection<String> candidates) {
    String t = typed.toLowerCase(Locale.ROOT);
    int limit = t.replaceFirst("^-+", "").length() <= 4 ? 1 : 2;
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(t, c.toLowerCase(Locale.ROOT));
      if (d <= limit && d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
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
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
