package io.sentimentstream.classifier;

import java.util.Map;
import java.util.Objects;

/**
 * A trained classification head on top of a frozen encoder: the tutorial's MLP
 * (Linear(H,512)-ReLU-Dropout-Linear(512,3)) or a linear layer (Linear(H,3)), then softmax.
 *
 * <p>Weights use {@code nn.Linear}'s layout: {@code w[out][in]}. For {@link Type#LINEAR} only
 * {@code w1}/{@code b1} are set and {@code w1} has 3 rows. Immutable after construction (arrays are
 * not copied; do not mutate them). Inference is plain Java: the head is ~0.2 MFLOP per text, far
 * below the encoder's ~1 GFLOP, so a native call would cost more than it saves.
 *
 * @param type head architecture
 * @param encoder the encoder this head was trained on
 * @param pooling the pooling its inputs used
 * @param version monotonically increasing model version
 * @param w1 first layer weights [hidden or 3][H]
 * @param b1 first layer bias
 * @param w2 second layer weights [3][hidden], null for LINEAR
 * @param b2 second layer bias, null for LINEAR
 * @param metadata free-form string metadata (metrics, training parameters)
 */
public record Head(
    Type type,
    EncoderId encoder,
    Pooling pooling,
    long version,
    float[][] w1,
    float[] b1,
    float[][] w2,
    float[] b2,
    Map<String, String> metadata) {

  /** Head architectures. */
  public enum Type {
    MLP,
    LINEAR
  }

  /** Validates shapes and finiteness; messages name the offending tensor. */
  public Head {
    Objects.requireNonNull(type, "head type");
    Objects.requireNonNull(encoder, "head encoder");
    Objects.requireNonNull(pooling, "head pooling");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    int outputs = Label.ORDER.size();
    int rows1 = checkMatrix("w1", w1, -1);
    checkVector("b1", b1, rows1);
    if (type == Type.LINEAR) {
      if (rows1 != outputs) {
        throw new IllegalArgumentException(
            "linear head w1 has " + rows1 + " rows, expected " + outputs);
      }
      if (w2 != null || b2 != null) {
        throw new IllegalArgumentException("linear head must not have w2/b2");
      }
    } else {
      int rows2 = checkMatrix("w2", w2, rows1);
      if (rows2 != outputs) {
        throw new IllegalArgumentException(
            "mlp head w2 has " + rows2 + " rows, expected " + outputs);
      }
      checkVector("b2", b2, outputs);
    }
  }

  /** Input width H (the encoder's hidden size). */
  public int inputSize() {
    return w1[0].length;
  }

  /** Softmax probabilities for each pooled vector, one row per input, in {@link Label#ORDER}. */
  public float[][] probabilities(float[][] x) {
    float[][] out = new float[x.length][];
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != inputSize()) {
        throw new IllegalArgumentException(
            "input " + i + " has width " + x[i].length + ", head expects " + inputSize());
      }
      float[] h = affine(w1, b1, x[i]);
      if (type == Type.MLP) {
        for (int j = 0; j < h.length; j++) {
          h[j] = Math.max(0f, h[j]); // ReLU; dropout is the identity at inference
        }
        h = affine(w2, b2, h);
      }
      out[i] = softmax(h);
    }
    return out;
  }

  /** Predictions for pooled vectors, labelled with this head's version. */
  public Prediction[] predict(Embeddings embeddings) {
    float[][] p = probabilities(embeddings.vectors());
    Prediction[] out = new Prediction[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] =
          new Prediction(Label.ORDER.get(argmax(p[i])), p[i], embeddings.truncated()[i], version);
    }
    return out;
  }

  private static float[] affine(float[][] w, float[] b, float[] x) {
    float[] y = new float[w.length];
    for (int o = 0; o < w.length; o++) {
      float[] row = w[o];
      float s = b[o];
      for (int k = 0; k < row.length; k++) {
        s += row[k] * x[k];
      }
      y[o] = s;
    }
    return y;
  }

  static float[] softmax(float[] z) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] e = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      e[i] = Math.exp(z[i] - max);
      sum += e[i];
    }
    float[] p = new float[z.length];
    for (int i = 0; i < z.length; i++) {
      p[i] = (float) (e[i] / sum);
    }
    return p;
  }

  static int argmax(float[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }

  private static int checkMatrix(String name, float[][] m, int expectedCols) {
    if (m == null || m.length == 0) {
      throw new IllegalArgumentException("head tensor " + name + " is missing or empty");
    }
    int cols = m[0].length;
    if (expectedCols >= 0 && cols != expectedCols) {
      throw new IllegalArgumentException(
          "head tensor " + name + " has " + cols + " columns, expected " + expectedCols);
    }
    for (int r = 0; r < m.length; r++) {
      if (m[r].length != cols) {
        throw new IllegalArgumentException("head tensor " + name + " row " + r + " is ragged");
      }
      checkFinite(name, m[r]);
    }
    return m.length;
  }

  private static void checkVector(String name, float[] v, int expectedLength) {
    if (v == null || v.length != expectedLength) {
      throw new IllegalArgumentException(
          "head tensor "
              + name
              + " has length "
              + (v == null ? "null" : v.length)
              + ", expected "
              + expectedLength);
    }
    checkFinite(name, v);
  }

  private static void checkFinite(String name, float[] v) {
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        throw new IllegalArgumentException(
            "head tensor " + name + " has a non-finite value at " + i);
      }
    }
  }
}
