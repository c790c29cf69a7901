package io.sentimentstream.trainer.internals;

import io.sentimentstream.trainer.TrainParams;
import io.sentimentstream.trainer.data.DataSplit;
import io.sentimentstream.trainer.data.LabeledExample;
import io.sentimentstream.trainer.data.SetSplit;
import java.util.List;

/**
 * Per-example loss weights for training on several data sets: set weight x class weight x
 * (optionally) annotator confidence.
 *
 * <p>Class weights are computed within each set, (N_s / (K * n_s,c)) ^ classWeightPower, so each
 * set's own label prior is balanced, not the mixture's. Set weights are (N / (S * N_s)) ^
 * setWeightPower over the sets' training sizes: power 0 lets every text count the same, power 1
 * gives every set the same total weight.
 */
public final class ExampleWeights {
  private ExampleWeights() {}

  /** The pooled training splits (in set order) as a weighted matrix; rows in the same order. */
  public static Matrix trainMatrix(List<SetSplit> sets, float[][] rows, TrainParams p) {
    int n = 0;
    for (SetSplit s : sets) {
      n += s.split().train().size();
    }
    int[] labels = new int[n];
    float[] weights = new float[n];
    int[] groups = new int[n];
    int i = 0;
    for (int g = 0; g < sets.size(); g++) {
      List<LabeledExample> train = sets.get(g).split().train();
      double setWeight =
          Math.pow((double) n / (sets.size() * (double) train.size()), p.setWeightPower());
      double[] classWeights = classWeights(DataSplit.classCounts(train), p.classWeightPower());
      for (LabeledExample e : train) {
        labels[i] = e.label().ordinal();
        groups[i] = g;
        double w = setWeight * classWeights[labels[i]];
        weights[i] = (float) (p.confidenceWeights() ? w * e.confidence() : w);
        i++;
      }
    }
    return new Matrix(rows, labels, weights, groups);
  }

  /** The pooled validation splits (in set order), every example weight 1, grouped by set. */
  public static Matrix validationMatrix(List<SetSplit> sets, float[][] rows) {
    int[] labels = new int[rows.length];
    int[] groups = new int[rows.length];
    float[] weights = new float[rows.length];
    int i = 0;
    for (int g = 0; g < sets.size(); g++) {
      for (LabeledExample e : sets.get(g).split().validation()) {
        labels[i] = e.label().ordinal();
        groups[i] = g;
        weights[i] = 1;
        i++;
      }
    }
    return new Matrix(rows, labels, weights, groups);
  }

  /** Class weights (N / (K * n_c)) ^ power from class counts; an absent class gets weight 0. */
  public static double[] classWeights(int[] counts, double power) {
    long n = 0;
    for (int c : counts) {
      n += c;
    }
    double[] w = new double[counts.length];
    for (int k = 0; k < counts.length; k++) {
      w[k] = counts[k] == 0 ? 0 : Math.pow((double) n / (counts.length * counts[k]), power);
    }
    return w;
  }
}
