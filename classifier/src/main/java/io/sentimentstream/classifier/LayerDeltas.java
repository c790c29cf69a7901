package io.sentimentstream.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Unmerged low-rank deltas for a forward pass: for each adapted Linear, {@code y = x W^T + b +
 * scale · (x A^T) B^T}. The trainer builds one from adapter factors that require gradients, so the
 * forward pass through the adapted layers is differentiable in A and B and nothing else; merging
 * ({@link Adapters#delta}) gives the same function with no extra cost at inference.
 */
public final class LayerDeltas {
  /** No deltas: the base weights alone. */
  public static final LayerDeltas NONE = new LayerDeltas(1f, Map.of());

  /** The Linear weights of one BERT layer an adapter may target. */
  public enum Target {
    QUERY("attention.self.query"),
    KEY("attention.self.key"),
    VALUE("attention.self.value"),
    ATTENTION_OUTPUT("attention.output.dense"),
    INTERMEDIATE("intermediate.dense"),
    OUTPUT("output.dense");

    private final String suffix;

    Target(String suffix) {
      this.suffix = suffix;
    }

    /**
     * The adapter target name of this Linear in layer {@code layer}, as {@link Adapters} names it.
     */
    public String in(int layer) {
      return "encoder.layer." + layer + "." + suffix;
    }
  }

  private final float scale;
  private final Map<Integer, Of> byLayer = new HashMap<>();

  /**
   * Deltas from factors by adapter target name.
   *
   * @param scale {@code alpha / rank}
   * @param factors the transposed factors {@code {A^T [in, r], B^T [r, out]}} by target name (see
   *     {@link Target#in}); transposed so that every op's first operand is the batch's tensor and
   *     its result lands in the batch's manager
   * @throws IllegalArgumentException for a target name that is no layer's {@link Target}
   */
  public LayerDeltas(float scale, Map<String, NDArray[]> factors) {
    this.scale = scale;
    factors.forEach(
        (name, ab) -> {
          int[] at = parse(name);
          byLayer.computeIfAbsent(at[0], k -> new Of()).factors.put(Target.values()[at[1]], ab);
        });
  }

  /**
   * The deltas of trained {@code adapters}, their factors as arrays in {@code m} (no gradients).
   */
  public static LayerDeltas of(NDManager m, Adapters adapters) {
    Map<String, NDArray[]> f = new HashMap<>();
    adapters
        .targets()
        .forEach(
            (name, p) ->
                f.put(
                    name,
                    new NDArray[] {
                      m.create(p.a(), new Shape(adapters.rank(), p.in())).transpose(),
                      m.create(p.b(), new Shape(p.out(), adapters.rank())).transpose()
                    }));
    return new LayerDeltas(adapters.scale(), f);
  }

  /** The deltas of one layer (none when it has no adapters). */
  public Of forLayer(int layer) {
    return byLayer.getOrDefault(layer, empty);
  }

  private final Of empty = new Of();

  /** One layer's deltas. */
  public final class Of {
    private final Map<Target, NDArray[]> factors = new EnumMap<>(Target.class);

    private Of() {}

    /** Whether any of the targets has a delta. */
    public boolean any(Target... targets) {
      for (Target t : targets) {
        if (factors.containsKey(t)) {
          return true;
        }
      }
      return false;
    }

    /** {@code scale · (x A^T) B^T}, or zeros shaped like {@code x} (a square target) if none. */
    public NDArray delta(Target t, NDArray x, int width) {
      NDArray[] ab = factors.get(t);
      if (ab == null) {
        return x.zerosLike();
      }
      return x.matMul(ab[0]).matMul(ab[1]).mul(scale);
    }

    /** {@code y} plus the delta of target {@code t} on input {@code x}, or {@code y} if none. */
    public NDArray plus(Target t, NDArray y, NDArray x) {
      NDArray[] ab = factors.get(t);
      return ab == null ? y : y.add(x.matMul(ab[0]).matMul(ab[1]).mul(scale));
    }
  }

  private static int[] parse(String name) {
    String rest = name.startsWith("encoder.layer.") ? name.substring(14) : "";
    int dot = rest.indexOf('.');
    if (dot > 0) {
      try {
        int layer = Integer.parseInt(rest.substring(0, dot));
        for (Target t : Target.values()) {
          if (rest.substring(dot + 1).equals(t.suffix)) {
            return new int[] {layer, t.ordinal()};
          }
        }
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
    }
    throw new IllegalArgumentException("adapter target " + name + " is no layer's Linear weight");
  }
}
