package io.sentimentstream.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sentimentstream.classifier.internals.BertEncoder;
import io.sentimentstream.classifier.internals.BertModel;
import io.sentimentstream.classifier.internals.PaddedBatch;
import java.util.function.IntConsumer;

/**
 * What fine-tuning needs from a BERT encoder on its base weights: the hidden states below the
 * adapted layers (they never change, so the trainer computes them once per text and keeps them) and
 * a differentiable forward from there through the adapted layers with unmerged {@link LayerDeltas},
 * pooled like the encoder pools.
 */
public final class AdaptableEncoder {
  private final BertEncoder encoder;
  private final BertModel model;

  private AdaptableEncoder(BertEncoder encoder) {
    this.encoder = encoder;
    this.model = encoder.model();
  }

  /**
   * Wraps an encoder opened by {@link Encoders#open} on float32 base weights.
   *
   * @throws IllegalArgumentException if it is not a BERT encoder on its base weights
   */
  public static AdaptableEncoder of(Encoder encoder) {
    if (!(encoder instanceof BertEncoder bert) || encoder.adapters() != null) {
      throw new IllegalArgumentException(
          "fine-tuning needs a BERT encoder on its base weights, got " + encoder.id());
    }
    return new AdaptableEncoder(bert);
  }

  /** The encoder's number of layers. */
  public int layers() {
    return model.config().layers();
  }

  /** Width H of hidden states. */
  public int hidden() {
    return model.config().hidden();
  }

  /** Width of the feed-forward layer. */
  public int intermediate() {
    return model.config().intermediate();
  }

  /** Where the encoder's weights live: training tensors belong there too. */
  public ai.djl.Device device() {
    return model.device();
  }

  /** The base encoder. */
  public Encoder encoder() {
    return encoder;
  }

  /**
   * States after the first {@code upTo} layers, one {@code [length, H]} row-major array per text
   * (real tokens only), computed in the encoder's usual passes.
   *
   * @param done receives the number of texts finished after every pass
   */
  public float[][] lowerStates(TokenizedTexts texts, int upTo, IntConsumer done) {
    float[][] out = new float[texts.size()][];
    int h = hidden();
    try (NDManager root = NDManager.newBaseManager(model.device(), "PyTorch")) {
      for (int[] rows : ForwardPasses.plan(texts)) {
        PaddedBatch b = PaddedBatch.of(texts.rows(rows));
        try (NDManager m = root.newSubManager()) {
          float[] flat =
              model.lower(m, b.ids(), b.mask(), b.batch(), b.length(), upTo).toFloatArray();
          for (int j = 0; j < rows.length; j++) {
            int len = texts.length(rows[j]);
            out[rows[j]] = new float[len * h];
            System.arraycopy(flat, j * b.length() * h, out[rows[j]], 0, len * h);
          }
        }
        done.accept(rows.length);
      }
    }
    return out;
  }

  /**
   * Pooled vectors {@code [B, H]} of texts given by their {@link #lowerStates}, through layers
   * {@code from..L-1} with {@code deltas}. Every array lives in {@code m}.
   */
  public NDArray pooled(NDManager m, float[][] states, int from, LayerDeltas deltas) {
    int h = hidden();
    int b = states.length;
    int t = 1;
    for (float[] s : states) {
      t = Math.max(t, s.length / h);
    }
    float[] x = new float[b * t * h];
    long[] mask = new long[b * t];
    for (int i = 0; i < b; i++) {
      System.arraycopy(states[i], 0, x, i * t * h, states[i].length);
      for (int j = 0; j < states[i].length / h; j++) {
        mask[i * t + j] = 1;
      }
    }
    NDArray hiddenStates =
        model.upper(m, m.create(x, new Shape(b, t, h)), mask, b, t, from, deltas);
    return model.pooled(m, hiddenStates, mask, encoder.pooling());
  }
}
