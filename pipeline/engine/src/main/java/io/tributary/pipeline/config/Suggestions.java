package io.tributary.pipeline.config;

import java.util.Collection;
import java.util.Optional;

/** Finds the name a user probably meant, for "did you mean" hints in config errors. */
public final class Suggestions {

  private Suggestions() {}

  /** @return the candidate closest to {@code name}, if it is within a typo or two of it */
  public static Optional<String> closest(String name, Collection<String> candidates) {
    String closest = null;
    int best = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(name, candidate);
      if (d < best || (d == best && closest != null && candidate.compareTo(closest) < 0)) {
        best = d;
        closest = candidate;
      }
    }
    if (closest != null && best > 0 && best <= (name.length() <= 4 ? 1 : 2)) {
      return Optional.of(closest);
    }
    return Optional.empty();
  }

  /** Edit distance with adjacent transpositions counting as one edit ({@code levle} -> {@code level}: 1). */
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
