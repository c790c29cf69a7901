package io.sentimentstream.trainer.internals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sentimentstream.classifier.AdaptableEncoder;
import io.sentimentstream.classifier.Adapters;
import io.sentimentstream.classifier.EncoderId;
import io.sentimentstream.classifier.LayerDeltas;
import io.sentimentstream.classifier.LayerDeltas.Target;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The adapter factors while they train: per target the transposed factors {@code A^T [in, r]}
 * (initialised uniform in ±1/sqrt(in), as LoRA does) and {@code B^T [r, out]} (zeros, so training
 * starts from the base encoder), both requiring gradients, in the caller's parameter manager.
 */
final class TrainableAdapters {
  private final int rank;
  private final float alpha;
  private final Map<String, NDArray[]> factors = new LinkedHashMap<>();

  TrainableAdapters(
      NDManager params,
      AdaptableEncoder encoder,
      int from,
      Set<Target> targets,
      int rank,
      float alpha,
      Random random) {
    this.rank = rank;
    this.alpha = alpha;
    int h = encoder.hidden();
    for (int layer = from; layer < encoder.layers(); layer++) {
      for (Target t : targets) {
        int in = t == Target.OUTPUT ? encoder.intermediate() : h;
        int out = t == Target.INTERMEDIATE ? encoder.intermediate() : h;
        float bound = (float) (1 / Math.sqrt(in));
        float[] a = new float[in * rank];
        for (int i = 0; i < a.length; i++) {
          a[i] = (random.nextFloat() * 2 - 1) * bound;
        }
        NDArray at = params.create(a, new Shape(in, rank));
        NDArray bt = params.zeros(new Shape(rank, out));
        at.setRequiresGradient(true);
        bt.setRequiresGradient(true);
        factors.put(t.in(layer), new NDArray[] {at, bt});
      }
    }
  }

  /** The deltas for a forward pass (differentiable in the factors). */
  LayerDeltas deltas() {
    return new LayerDeltas(alpha / rank, factors);
  }

  /** Every factor by a stable id (for the optimizer's state). */
  Map<String, NDArray> parameters() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    factors.forEach(
        (name, ab) -> {
          out.put(name + ".lora_a", ab[0]);
          out.put(name + ".lora_b", ab[1]);
        });
    return out;
  }

  /** The current factors as {@link Adapters} for {@code encoder}. */
  Adapters snapshot(EncoderId encoder) {
    Map<String, Adapters.Pair> pairs = new LinkedHashMap<>();
    factors.forEach(
        (name, ab) -> {
          int in = (int) ab[0].getShape().get(0);
          int out = (int) ab[1].getShape().get(1);
          // A = (A^T)^T [r, in], B = (B^T)^T [out, r]
          float[] a = transpose(ab[0].toFloatArray(), in, rank);
          float[] b = transpose(ab[1].toFloatArray(), rank, out);
          pairs.put(name, new Adapters.Pair(a, b, in, out));
        });
    return new Adapters(encoder, rank, alpha, pairs);
  }

  static float[] transpose(float[] m, int rows, int cols) {
    float[] t = new float[m.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = m[r * cols + c];
      }
    }
    return t;
  }
}
