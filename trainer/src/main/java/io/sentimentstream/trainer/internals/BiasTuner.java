package io.sentimentstream.trainer.internals;

import io.sentimentstream.classifier.Label;

/**
 * Chooses per-class logit offsets that maximise macro-F1 on validation data.
 *
 * <p>Class-weighted training fixes most of the imbalance, but the decision thresholds that maximise
 * macro-F1 are rarely exactly where the loss puts them. A grid over two offsets (the first class's
 * is fixed at 0, since only differences matter) is cheap: ~6,500 evaluations of a few thousand
 * argmaxes. Offsets are chosen on validation data only, never on test.
 */
public final class BiasTuner {
  private static final float RANGE = 2.0f;
  private static final float STEP = 0.05f;

  private BiasTuner() {}

  /**
   * The offsets with the best validation macro-F1; ties go to the smaller total offset, and the
   * zero offset wins unless another is strictly better.
   *
   * @param scores log-probabilities or logits per validation example
   * @param labels true class indices
   */
  public static float[] tune(float[][] scores, int[] labels) {
    return tune(scores, labels, new int[labels.length]);
  }

  /**
   * The offsets with the best mean over data sets of each set's validation macro-F1 (so one large
   * set's label prior does not decide the thresholds for all); ties as in {@link #tune(float[][],
   * int[])}.
   *
   * @param groups the data set of each example
   */
  public static float[] tune(float[][] scores, int[] labels, int[] groups) {
    int k = Label.ORDER.size();
    Matrix m = new Matrix(scores, labels, new float[labels.length], groups);
    float[] best = new float[k];
    double bestF1 = m.score(scores, best);
    int steps = Math.round(RANGE / STEP);
    for (int i = -steps; i <= steps; i++) {
      for (int j = -steps; j <= steps; j++) {
        float[] offset = {0f, i * STEP, j * STEP};
        double f1 = m.score(scores, offset);
        if (f1 > bestF1 + 1e-9
            || (Math.abs(f1 - bestF1) <= 1e-9 && magnitude(offset) < magnitude(best))) {
          bestF1 = f1;
          best = offset;
        }
      }
    }
    return best;
  }

  private static float magnitude(float[] o) {
    float s = 0;
    for (float v : o) {
      s += Math.abs(v);
    }
    return s;
  }

  /**
   * Turns softmax probabilities into log-probabilities, in place (floored at 1e-30), and returns
   * them.
   */
  public static float[][] logProbabilities(float[][] p) {
    for (float[] row : p) {
      for (int k = 0; k < row.length; k++) {
        row[k] = (float) Math.log(Math.max(row[k], 1e-30f));
      }
    }
    return p;
  }
}
