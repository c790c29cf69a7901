package io.sentimentstream.trainer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** On the real PyTorch engine: a step with an overflowing gradient changes nothing and heals. */
class GradientStepsTest {
  @Test
  void aNonFiniteGradientSkipsTheStepAndTheNextStepWorks() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray w = m.create(new float[] {1f, 2f});
      w.setRequiresGradient(true);
      NDArray other = m.create(new float[] {3f});
      other.setRequiresGradient(true);
      Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.5f)).build();
      var groups = List.of(Map.entry(sgd, Map.of("w", w)), Map.entry(sgd, Map.of("other", other)));

      backward(() -> w.mul(Float.POSITIVE_INFINITY).sum().add(other.sum())); // d/dw = inf
      assertThat(GradientSteps.step(groups)).isFalse();
      assertThat(w.toFloatArray()).containsExactly(1f, 2f);
      assertThat(other.toFloatArray()).as("no group steps").containsExactly(3f);
      try (NDArray g = w.getGradient()) {
        assertThat(g.toFloatArray()).as("zeroed, not NaN").containsExactly(0f, 0f);
      }

      backward(() -> w.sum().add(other.mul(2).sum())); // d/dw = 1, d/dother = 2
      assertThat(GradientSteps.step(groups)).isTrue();
      assertThat(w.toFloatArray()).containsExactly(0.5f, 1.5f);
      assertThat(other.toFloatArray()).containsExactly(2f);
    }
  }

  /** Computes the loss with gradients recorded (inside the collector), then its backward. */
  private static void backward(Supplier<NDArray> loss) {
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(loss.get());
    }
  }
}
