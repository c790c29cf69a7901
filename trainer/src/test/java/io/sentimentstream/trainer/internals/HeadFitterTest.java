package io.sentimentstream.trainer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentimentstream.classifier.Head;
import io.sentimentstream.trainer.Progress;
import io.sentimentstream.trainer.TrainParams;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Trains real DJL/PyTorch heads on synthetic, linearly separable clusters. */
class HeadFitterTest {
  private static Matrix clusters(int n, long seed) {
    Random r = new Random(seed);
    float[][] x = new float[n][8];
    int[] y = new int[n];
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
      for (int k = 0; k < 8; k++) {
        x[i][k] = (float) (r.nextGaussian() * 0.5 + (k == y[i] ? 2 : 0));
      }
      w[i] = 1f;
    }
    return new Matrix(x, y, w);
  }

  @Test
  void linearAndMlpHeadsLearnSeparableClassesAndExportNnLinearLayout() {
    for (Head.Type type : Head.Type.values()) {
      TrainParams p = new TrainParams(type, 15, 0.01f, 64, 42, 20, 1.0, false, false, 0.1f, 0);
      HeadFitter.Fit fit = HeadFitter.fit(clusters(600, 1), clusters(150, 2), p, Progress.NONE);
      double best = fit.history().get(fit.bestEpoch() - 1).valMacroF1();
      assertThat(best).as(type.name()).isGreaterThan(0.95);
      int rows = type == Head.Type.MLP ? TrainParams.MLP_HIDDEN : 3;
      assertThat(fit.layers().get(0).length).isEqualTo(rows);
      assertThat(fit.layers().get(0)[0].length).isEqualTo(8);
      assertThat(fit.layers().get(1)[0].length).isEqualTo(rows);
    }
  }

  @Test
  void earlyStoppingKeepsTheBestEpochAndStopsAfterPatience() {
    TrainParams p =
        new TrainParams(Head.Type.LINEAR, 200, 0.05f, 32, 3, 2, 1.0, false, false, 0.1f, 0);
    HeadFitter.Fit fit = HeadFitter.fit(clusters(300, 1), clusters(90, 2), p, Progress.NONE);
    assertThat(fit.history().size()).isLessThan(200).isEqualTo(fit.bestEpoch() + 2);
  }
}
