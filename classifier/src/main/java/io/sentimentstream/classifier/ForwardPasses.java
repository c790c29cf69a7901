package io.sentimentstream.classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The rule that cuts tokenized texts into forward passes. Texts are sorted by token count; a pass
 * ends when it holds {@code maxRows} texts or when one more text would take its padded size (rows x
 * the longest length, the tensor the model actually computes) over {@code tokenBudget}. Short
 * tweets so go many to a pass and long ones few, no pass pads short texts to a long one, and no
 * pass grows into the sizes where this engine slows down (see docs/performance.md, the encoder
 * benchmark: per-sentence throughput falls once a pass's activations outgrow the caches).
 */
public final class ForwardPasses {
  /** Most texts per forward pass; the token budget is what usually ends a pass of tweets. */
  public static final int MAX_ROWS = 64;

  /**
   * Most padded tokens (texts x longest length) per forward pass. Measured with the encoder
   * benchmark's token-budget rows (docs/performance.md): DJL's throughput per sentence is flat up
   * to about this size and falls beyond it, while a smaller pass pays the fixed cost per call more.
   */
  public static final int TOKEN_BUDGET = 1024;

  private ForwardPasses() {}

  /** The passes over {@code texts} with the default limits: row indices into {@code texts}. */
  public static List<int[]> plan(TokenizedTexts texts) {
    return plan(texts, MAX_ROWS, TOKEN_BUDGET);
  }

  /**
   * The passes over {@code texts}, each as row indices into {@code texts}, shortest texts first.
   *
   * @param maxRows most texts per pass (at least 1)
   * @param tokenBudget most padded tokens per pass; a single text longer than it still gets a pass
   */
  public static List<int[]> plan(TokenizedTexts texts, int maxRows, int tokenBudget) {
    Integer[] order = new Integer[texts.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(texts::length)); // stable: ties keep input order
    int[] lengths = new int[order.length];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = texts.length(order[i]);
    }
    List<int[]> out = new ArrayList<>();
    for (int[] range : cut(lengths, maxRows, tokenBudget)) {
      int[] rows = new int[range[1] - range[0]];
      for (int j = 0; j < rows.length; j++) {
        rows[j] = order[range[0] + j];
      }
      out.add(rows);
    }
    return out;
  }

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
