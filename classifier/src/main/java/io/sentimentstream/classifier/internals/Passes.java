package io.sentimentstream.classifier.internals;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts texts, sorted by token count, into forward passes. A pass ends when it holds {@code maxRows}
 * texts or when one more text would take its padded size (rows x the longest length, the tensor the
 * model actually computes) over {@code tokenBudget}. Short tweets so go many to a pass and long
 * ones few, and no pass grows into the sizes where this engine slows down (see docs/performance.md,
 * the encoder benchmark: per-sentence throughput falls once a pass's activations outgrow the
 * caches).
 */
public final class Passes {
  private Passes() {}

  /**
   * The passes over texts of these token counts, as {@code [from, to)} index ranges into the sorted
   * order.
   *
   * @param sortedLengths token counts, ascending
   * @param maxRows most texts per pass (at least 1)
   * @param tokenBudget most padded tokens per pass; a single text longer than it still gets a pass
   */
  public static List<int[]> cut(int[] sortedLengths, int maxRows, int tokenBudget) {
    if (maxRows < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + maxRows);
    }
    if (tokenBudget < 1) {
      throw new IllegalArgumentException("token budget must be >= 1, got " + tokenBudget);
    }
    List<int[]> out = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < sortedLengths.length; i++) {
      if (i > 0 && sortedLengths[i] < sortedLengths[i - 1]) {
        throw new IllegalArgumentException("lengths must be sorted ascending, at index " + i);
      }
      int rows = i - from + 1;
      boolean over = rows > maxRows || (long) rows * Math.max(1, sortedLengths[i]) > tokenBudget;
      if (over && i > from) {
        out.add(new int[] {from, i});
        from = i;
      }
    }
    if (from < sortedLengths.length) {
      out.add(new int[] {from, sortedLengths.length});
    }
    return out;
  }
}
