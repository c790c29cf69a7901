package io.sentimentstream.trainer.internals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sentimentstream.classifier.Label;
import java.util.Random;

/**
 * Examples as a dense matrix: pooled vectors, label indices and per-example loss weights.
 *
 * @param rows one pooled vector per example
 * @param labels class index per example, in {@link Label#ORDER}
 * @param weights loss weight per example
 * @param groups index of the data set each example comes from (0, 1, ...); validation scores are
 *     the mean over groups of each group's macro-F1
 */
public record Matrix(float[][] rows, int[] labels, float[] weights, int[] groups) {
  private static final int K = Label.ORDER.size();

  public Matrix {
    if (rows.length != labels.length
        || rows.length != weights.length
        || rows.length != groups.length) {
      throw new IllegalArgumentException("rows, labels, weights and groups differ in length");
    }
    if (rows.length == 0) {
      throw new IllegalArgumentException("no examples");
    }
  }

  /** Examples from one data set. */
  public Matrix(float[][] rows, int[] labels, float[] weights) {
    this(rows, labels, weights, new int[labels.length]);
  }

  /**
   * The mean over groups of the macro-F1 of argmax(scores + offset) within each group: every data
   * set counts the same, however large (with one group, plain macro-F1).
   */
  double score(float[][] scores, float[] offset) {
    int g = 0;
    for (int v : groups) {
      g = Math.max(g, v + 1);
    }
    long[][][] c = new long[g][K][K];
    for (int i = 0; i < scores.length; i++) {
      c[groups[i]][labels[i]][argmax(scores[i], offset)]++;
    }
    double sum = 0;
    for (long[][] one : c) {
      sum += new io.sentimentstream.trainer.ClassificationMetrics(one).macroF1();
    }
    return sum / g;
  }

  /** Number of examples. */
  public int size() {
    return rows.length;
  }

  /** Width of a row. */
  public int width() {
    return rows[0].length;
  }

  long[] labelsOf(int[] idx) {
    long[] out = new long[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = labels[idx[i]];
    }
    return out;
  }

  float[] weightsOf(int[] idx) {
    float[] out = new float[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = weights[idx[i]];
    }
    return out;
  }

  NDArray rowsOf(NDManager manager, int[] idx) {
    int w = width();
    float[] flat = new float[idx.length * w];
    for (int i = 0; i < idx.length; i++) {
      System.arraycopy(rows[idx[i]], 0, flat, i * w, w);
    }
    return manager.create(flat, new Shape(idx.length, w));
  }

  static int[] permutation(int n, Random random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** Index of the largest {@code scores[k] + offset[k]}. */
  static int argmax(float[] scores, float[] offset) {
    int best = 0;
    for (int k = 1; k < scores.length; k++) {
      if (scores[k] + offset[k] > scores[best] + offset[best]) {
        best = k;
      }
    }
    return best;
  }

  /** Weighted mean cross-entropy of {@code logits} (same normalisation as the training loss). */
  static double weightedLoss(float[][] logits, Matrix m) {
    double sum = 0;
    double wsum = 0;
    for (int i = 0; i < logits.length; i++) {
      float[] z = logits[i];
      double max = Math.max(z[0], Math.max(z[1], z[2]));
      double lse = 0;
      for (float v : z) {
        lse += Math.exp(v - max);
      }
      double nll = Math.log(lse) + max - z[m.labels[i]];
      sum += m.weights[i] * nll;
      wsum += m.weights[i];
    }
    return sum / wsum;
  }
}
