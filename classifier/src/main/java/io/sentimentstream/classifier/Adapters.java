package io.sentimentstream.classifier;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Low-rank adapters for some of the encoder's Linear weights (LoRA): each target weight {@code W
 * [out, in]} becomes {@code W + (alpha / rank) · B · A} with {@code A [rank, in]} and {@code B
 * [out, rank]}. Targets are named like the encoder's weights without {@code .weight}, for example
 * {@code encoder.layer.11.attention.self.query}. An update carries adapters beside its head; the
 * stream app merges them into a copy of the base weights, so inference costs what it costs without
 * them.
 *
 * <p>Immutable after construction (arrays are not copied; do not mutate them).
 *
 * @param encoder the base encoder the adapters were trained on
 * @param rank the inner dimension r of every pair
 * @param alpha the scale numerator: deltas are multiplied by {@code alpha / rank}
 * @param targets the pairs by target name, name-sorted
 */
public record Adapters(EncoderId encoder, int rank, float alpha, Map<String, Pair> targets) {
  /** Most adapted matrices an update may carry (BERT-base has 72 attention + 24 FFN Linears). */
  public static final int MAX_TARGETS = 256;

  /**
   * One adapted matrix: {@code a} is {@code [rank][in]}, {@code b} is {@code [out][rank]}.
   *
   * @param a the down projection, row-major {@code [rank, in]}
   * @param b the up projection, row-major {@code [out, rank]}
   * @param in the target's input width
   * @param out the target's output width
   */
  public record Pair(float[] a, float[] b, int in, int out) {}

  /** Validates rank, shapes and finiteness; messages name the offending target. */
  public Adapters {
    Objects.requireNonNull(encoder, "adapters encoder");
    if (rank < 1) {
      throw new IllegalArgumentException("adapter rank must be >= 1, got " + rank);
    }
    if (!Float.isFinite(alpha) || alpha <= 0) {
      throw new IllegalArgumentException("adapter alpha must be finite and > 0, got " + alpha);
    }
    if (targets == null || targets.isEmpty() || targets.size() > MAX_TARGETS) {
      throw new IllegalArgumentException(
          "adapters need 1 to "
              + MAX_TARGETS
              + " targets, got "
              + (targets == null ? 0 : targets.size()));
    }
    targets = new TreeMap<>(targets);
    for (Map.Entry<String, Pair> e : targets.entrySet()) {
      check(e.getKey(), e.getValue(), rank);
    }
    targets = java.util.Collections.unmodifiableMap(targets);
  }

  /** The factor {@code alpha / rank} applied to {@code B · A}. */
  public float scale() {
    return alpha / rank;
  }

  /** The number of adapter parameters (both factors of every target). */
  public long parameterCount() {
    long n = 0;
    for (Pair p : targets.values()) {
      n += p.a().length + (long) p.b().length;
    }
    return n;
  }

  /**
   * The weight delta {@code scale · B · A} of one target, row-major {@code [out, in]}.
   *
   * @throws IllegalArgumentException if there is no such target
   */
  public float[] delta(String target) {
    Pair p = targets.get(target);
    if (p == null) {
      throw new IllegalArgumentException("adapters have no target " + target);
    }
    float s = scale();
    float[] d = new float[p.out() * p.in()];
    for (int o = 0; o < p.out(); o++) {
      for (int k = 0; k < rank; k++) {
        float bk = s * p.b()[o * rank + k];
        if (bk == 0f) {
          continue;
        }
        int arow = k * p.in();
        int drow = o * p.in();
        for (int i = 0; i < p.in(); i++) {
          d[drow + i] += bk * p.a()[arow + i];
        }
      }
    }
    return d;
  }

  private static void check(String target, Pair p, int rank) {
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("adapter target name is empty");
    }
    if (p == null || p.a() == null || p.b() == null) {
      throw new IllegalArgumentException("adapter " + target + " lacks its A or B factor");
    }
    if (p.in() < 1 || p.out() < 1) {
      throw new IllegalArgumentException(
          "adapter " + target + " has widths in " + p.in() + " out " + p.out());
    }
    if (p.a().length != (long) rank * p.in()) {
      throw new IllegalArgumentException(
          "adapter "
              + target
              + " factor A has "
              + p.a().length
              + " values, expected ["
              + rank
              + ", "
              + p.in()
              + "]");
    }
    if (p.b().length != (long) p.out() * rank) {
      throw new IllegalArgumentException(
          "adapter "
              + target
              + " factor B has "
              + p.b().length
              + " values, expected ["
              + p.out()
              + ", "
              + rank
              + "]");
    }
    finite(target + " factor A", p.a());
    finite(target + " factor B", p.b());
  }

  private static void finite(String name, float[] v) {
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        throw new IllegalArgumentException("adapter " + name + " has a non-finite value at " + i);
      }
    }
  }
}
