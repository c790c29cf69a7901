package io.sentimentstream.trainer.internals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.sentimentstream.classifier.Head;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link Head} while it trains with the adapters: its weights transposed ({@code [in, out]}, so
 * the batch's tensor is every op's first operand) and requiring gradients, starting from a trained
 * head's values.
 */
final class TrainableHead {
  private final Head template;
  private final float dropout;
  private final Map<String, NDArray> params = new LinkedHashMap<>();

  TrainableHead(NDManager manager, Head start, float dropout) {
    this.template = start;
    this.dropout = dropout;
    put(manager, "w1", start.w1(), start.b1());
    if (start.type() == Head.Type.MLP) {
      put(manager, "w2", start.w2(), start.b2());
    }
  }

  private void put(NDManager manager, String name, float[][] w, float[] b) {
    int out = w.length;
    int in = w[0].length;
    float[] t = new float[in * out];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        t[i * out + o] = w[o][i];
      }
    }
    NDArray wt = manager.create(t, new Shape(in, out));
    NDArray bias = manager.create(b.clone(), new Shape(out));
    wt.setRequiresGradient(true);
    bias.setRequiresGradient(true);
    params.put(name + ".weight", wt);
    params.put(name + ".bias", bias);
  }

  /** Logits {@code [B, 3]} of pooled vectors; dropout (before each Linear) only in training. */
  NDArray logits(NDArray pooled, boolean training) {
    NDArray x = drop(pooled, training).matMul(params.get("w1.weight")).add(params.get("w1.bias"));
    if (template.type() == Head.Type.MLP) {
      x = drop(Activation.relu(x), training);
      x = x.matMul(params.get("w2.weight")).add(params.get("w2.bias"));
    }
    return x;
  }

  private NDArray drop(NDArray x, boolean training) {
    return training && dropout > 0 ? x.getNDArrayInternal().dropout(x, dropout, true).get(0) : x;
  }

  /** Every weight by a stable id (for the optimizer's state). */
  Map<String, NDArray> parameters() {
    return params;
  }

  /**
   * The current weights as a {@link Head} like the starting one, with this version and metadata.
   */
  Head snapshot(long version, Map<String, String> metadata) {
    float[][] w1 = matrix(params.get("w1.weight"));
    float[] b1 = params.get("w1.bias").toFloatArray();
    boolean mlp = template.type() == Head.Type.MLP;
    return new Head(
        template.type(),
        template.encoder(),
        template.pooling(),
        version,
        w1,
        b1,
        mlp ? matrix(params.get("w2.weight")) : null,
        mlp ? params.get("w2.bias").toFloatArray() : null,
        metadata);
  }

  private static float[][] matrix(NDArray transposed) {
    int in = (int) transposed.getShape().get(0);
    int out = (int) transposed.getShape().get(1);
    float[] t = transposed.toFloatArray();
    float[][] w = new float[out][in];
    for (int i = 0; i < in; i++) {
      for (int o = 0; o < out; o++) {
        w[o][i] = t[i * out + o];
      }
    }
    return w;
  }
}
