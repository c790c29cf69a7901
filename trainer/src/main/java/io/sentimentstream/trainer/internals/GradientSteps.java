package io.sentimentstream.trainer.internals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.optimizer.Optimizer;
import java.util.List;
import java.util.Map;

/**
 * One optimizer step over parameters with gradients, skipped when any gradient is not finite.
 *
 * <p>A single overflowing gradient would otherwise end a fine-tuning run: the step writes inf or
 * NaN into the weights, and zeroing such a gradient by subtracting it from itself (inf - inf)
 * leaves NaN behind for every later step. A skipped step leaves weights and optimizer state as they
 * were and fills the gradients with zeros.
 */
final class GradientSteps {
  private GradientSteps() {}

  /**
   * Steps each group's optimizer over its parameters (id to weight), then zeroes their gradients;
   * returns false, having changed no weight, when any group's gradient holds inf or NaN.
   */
  static boolean step(List<Map.Entry<Optimizer, Map<String, NDArray>>> groups) {
    boolean finite = true;
    for (Map.Entry<Optimizer, Map<String, NDArray>> g : groups) {
      for (NDArray w : g.getValue().values()) {
        try (NDArray grad = w.getGradient();
            NDArray magnitude = grad.abs();
            NDArray largest = magnitude.max()) {
          finite &= Float.isFinite(largest.getFloat()); // max propagates NaN
        }
      }
    }
    boolean ok = finite;
    for (Map.Entry<Optimizer, Map<String, NDArray>> g : groups) {
      g.getValue()
          .forEach(
              (id, w) -> {
                try (NDArray grad = w.getGradient()) {
                  if (ok) {
                    g.getKey().update(id, w, grad);
                  }
                  grad.set(new NDIndex("..."), 0f); // in place, whatever the values were
                }
              });
    }
    return ok;
  }
}
