package io.sentimentstream.drills;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Every input id counted in an output: how many came out exactly once, how many are missing, how
 * many more than once, and how many came out that were never sent.
 */
record IdCount(int expected, int missing, int duplicated, int unexpected) {
  static IdCount of(Collection<String> sent, Collection<String> seen) {
    Map<String, Integer> counts = new HashMap<>();
    for (String id : seen) {
      counts.merge(id, 1, Integer::sum);
    }
    Set<String> want = new HashSet<>(sent);
    int missing = 0;
    int duplicated = 0;
    for (String id : want) {
      int n = counts.getOrDefault(id, 0);
      if (n == 0) {
        missing++;
      } else if (n > 1) {
        duplicated++;
      }
    }
    int unexpected = (int) counts.keySet().stream().filter(id -> !want.contains(id)).count();
    return new IdCount(want.size(), missing, duplicated, unexpected);
  }

  boolean exactlyOnce() {
    return expected > 0 && missing == 0 && duplicated == 0 && unexpected == 0;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "%,d ids: %d missing, %d twice, %d unexpected",
        expected,
        missing,
        duplicated,
        unexpected);
  }
}
