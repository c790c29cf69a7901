package io.sentimentstream.classifier.internals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import io.sentimentstream.classifier.LayerDeltas;
import io.sentimentstream.classifier.Pooling;

/**
 * A BERT encoder forward pass written with DJL NDArray ops on the PyTorch engine: embeddings and
 * LayerNorm, post-LN transformer layers with exact (erf) GELU and additive attention mask.
 *
 * <p>Inference only: no parameter requires gradients, so PyTorch records no graph. Weights live in
 * this model's manager; every intermediate of one call lives in the caller's per-batch manager,
 * which the caller closes (an op's result belongs to its first operand's manager, so the first
 * operand of every op here is a batch tensor). Loading rearranges weights for fewer ops per layer:
 * Q, K and V are fused into one Linear, the 1/sqrt(head size) score scale is folded into Q, and
 * position plus token-type-0 embeddings are summed once. Concurrent {@link #forward} calls are
 * safe: weights are only read.
 */
public final class BertModel implements AutoCloseable {
  private final BertConfig config;
  private final NDManager manager;
  private final DataType dtype;
  private final NDArray words;
  private final NDArray positionsPlusType;
  private final NDArray[] embNorm;
  private final Layer[] layers;
  private final NDArray[] pooler;

  private record Layer(
      NDArray[] qkv,
      NDArray[] out,
      NDArray[] norm1,
      NDArray[] up,
      NDArray[] down,
      NDArray[] norm2) {}

  /**
   * Copies weights to the device.
   *
   * @param fp16 cast weights to float16 (GPU only; checked by the caller)
   */
  public BertModel(BertWeights w, Device device, boolean fp16) {
    this.config = w.config();
    this.dtype = fp16 ? DataType.FLOAT16 : DataType.FLOAT32;
    this.manager = NDManager.newBaseManager(device, "PyTorch");
    try {
      words = put(w.get("embeddings.word_embeddings.weight"));
      Tensor pos = w.get("embeddings.position_embeddings.weight");
      float[] type0 = w.get("embeddings.token_type_embeddings.weight").data();
      float[] sum = pos.data().clone();
      int h = config.hidden();
      for (int i = 0; i < sum.length; i++) {
        sum[i] += type0[i % h]; // row 0 of token_type_embeddings: inputs are single segments
      }
      positionsPlusType = put(new Tensor(pos.shape(), sum));
      embNorm = pair(w, "embeddings.LayerNorm");
      layers = new Layer[config.layers()];
      for (int i = 0; i < layers.length; i++) {
        layers[i] = loadLayer(w, BertWeights.layer(i));
      }
      pooler = w.hasPooler() ? pair(w, "pooler.dense") : null;
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  private Layer loadLayer(BertWeights w, String p) {
    float scale = (float) (1.0 / Math.sqrt(config.headSize()));
    Tensor qw = scaled(w.get(p + "attention.self.query.weight"), scale);
    Tensor qb = scaled(w.get(p + "attention.self.query.bias"), scale);
    String k = p + "attention.self.key.";
    String v = p + "attention.self.value.";
    NDArray[] qkv = {
      put(concatRows(qw, w.get(k + "weight"), w.get(v + "weight"))),
      put(concatRows(qb, w.get(k + "bias"), w.get(v + "bias")))
    };
    return new Layer(
        qkv,
        pair(w, p + "attention.output.dense"),
        pair(w, p + "attention.output.LayerNorm"),
        pair(w, p + "intermediate.dense"),
        pair(w, p + "output.dense"),
        pair(w, p + "output.LayerNorm"));
  }

  /** The encoder's shape. */
  public BertConfig config() {
    return config;
  }

  /** The device holding the weights. */
  public Device device() {
    return manager.getDevice();
  }

  /** Whether {@link Pooling#POOLER} is available. */
  public boolean hasPooler() {
    return pooler != null;
  }

  /**
   * Last hidden states {@code [B, T, H]} (float32) for a padded batch.
   *
   * @param m the per-batch manager that will own every intermediate
   * @param ids token ids, row-major {@code [B, T]}
   * @param mask 1 for real tokens, 0 for padding, {@code [B, T]}
   */
  public NDArray forward(NDManager m, long[] ids, long[] mask, int batch, int length) {
    NDArray x = lower(m, ids, mask, batch, length, layers.length);
    return x.toType(DataType.FLOAT32, false);
  }

  /**
   * Hidden states {@code [B, T, H]} after the embeddings and the first {@code upTo} layers (the
   * trainer caches them below the layers it adapts).
   */
  public NDArray lower(NDManager m, long[] ids, long[] mask, int batch, int length, int upTo) {
    Shape bt = new Shape(batch, length);
    NDArray idArray = m.create(ids, bt);
    NDArray x = idArray.getNDArrayInternal().embedding(idArray, words, SparseFormat.DENSE).get(0);
    x = x.add(positionsPlusType.get(m, new NDIndex(":{}", length)));
    x = layerNorm(x, embNorm);
    NDArray maskAdd = additiveMask(m, mask, batch, length);
    for (int i = 0; i < upTo; i++) {
      x = layer(x, layers[i], maskAdd, batch, length, LayerDeltas.NONE.forLayer(i));
    }
    return x;
  }

  /**
   * Layers {@code from..L-1} over states {@code x [B, T, H]} (float32 weights only), each Linear
   * plus its unmerged low-rank delta where {@code deltas} has one. With adapter factors that
   * require gradients this is the trainer's differentiable forward; with merged weights and no
   * deltas it computes what {@link #forward} computes.
   */
  public NDArray upper(
      NDManager m, NDArray x, long[] mask, int batch, int length, int from, LayerDeltas deltas) {
    NDArray maskAdd = additiveMask(m, mask, batch, length);
    for (int i = from; i < layers.length; i++) {
      x = layer(x, layers[i], maskAdd, batch, length, deltas.forLayer(i));
    }
    return x;
  }

  private NDArray layer(NDArray x, Layer l, NDArray maskAdd, int b, int t, LayerDeltas.Of d) {
    int heads = config.heads();
    int hs = config.headSize();
    NDArray fused = linear(x, l.qkv());
    if (d.any(LayerDeltas.Target.QUERY, LayerDeltas.Target.KEY, LayerDeltas.Target.VALUE)) {
      // the query's delta carries the score scale folded into the fused query weights
      NDArray dq = d.delta(LayerDeltas.Target.QUERY, x, config.hidden());
      fused =
          fused.add(
              NDArrays.concat(
                  new NDList(
                      dq.mul(1.0 / Math.sqrt(hs)),
                      d.delta(LayerDeltas.Target.KEY, x, config.hidden()),
                      d.delta(LayerDeltas.Target.VALUE, x, config.hidden())),
                  -1));
    }
    // [B,T,3H] -> [3,B,heads,T,hs]
    NDArray qkv = fused.reshape(b, t, 3, heads, hs).transpose(2, 0, 3, 1, 4);
    NDArray q = qkv.get(0);
    NDArray k = qkv.get(1);
    NDArray v = qkv.get(2);
    NDArray probs = q.matMul(k.transpose(0, 1, 3, 2)).add(maskAdd).softmax(-1);
    NDArray ctx = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, config.hidden());
    NDArray attn = d.plus(LayerDeltas.Target.ATTENTION_OUTPUT, linear(ctx, l.out()), ctx);
    NDArray a = layerNorm(attn.add(x), l.norm1());
    NDArray up = d.plus(LayerDeltas.Target.INTERMEDIATE, linear(a, l.up()), a);
    NDArray gelu = up.getNDArrayInternal().gelu();
    NDArray down = d.plus(LayerDeltas.Target.OUTPUT, linear(gelu, l.down()), gelu);
    return layerNorm(down.add(a), l.norm2());
  }

  /**
   * Pools last hidden states {@code [B, T, H]} into {@code [B, H]} float32 rows.
   *
   * @param mask the batch's attention mask, row-major {@code [B, T]}
   */
  public float[][] pool(NDManager m, NDArray hidden, long[] mask, Pooling pooling) {
    long b = hidden.getShape().get(0);
    float[] flat = pooled(m, hidden, mask, pooling).toFloatArray();
    int h = config.hidden();
    float[][] out = new float[(int) b][h];
    for (int i = 0; i < b; i++) {
      System.arraycopy(flat, i * h, out[i], 0, h);
    }
    return out;
  }

  /** Like {@link #pool} as a {@code [B, H]} array (differentiable when {@code hidden} is). */
  public NDArray pooled(NDManager m, NDArray hidden, long[] mask, Pooling pooling) {
    long b = hidden.getShape().get(0);
    long t = hidden.getShape().get(1);
    return switch (pooling) {
      case CLS -> hidden.get(":, 0, :");
      case MEAN -> {
        NDArray mk = m.create(mask, new Shape(b, t, 1)).toType(DataType.FLOAT32, false);
        yield hidden.mul(mk).sum(new int[] {1}).div(mk.sum(new int[] {1}));
      }
      case POOLER -> {
        if (pooler == null) {
          throw new IllegalStateException("POOLER pooling needs pooler weights");
        }
        NDArray cls = hidden.get(":, 0, :").toType(dtype, false);
        yield linear(cls, pooler).tanh().toType(DataType.FLOAT32, false);
      }
    };
  }

  private NDArray additiveMask(NDManager m, long[] mask, int b, int t) {
    // HF uses the dtype's most negative value, so masked keys get exactly zero attention
    float negative = dtype == DataType.FLOAT16 ? -65504f : -Float.MAX_VALUE;
    float[] add = new float[mask.length];
    for (int i = 0; i < add.length; i++) {
      add[i] = mask[i] == 0 ? negative : 0f;
    }
    return m.create(add, new Shape(b, 1, 1, t)).toType(dtype, false);
  }

  private static NDArray linear(NDArray x, NDArray[] wb) {
    return x.getNDArrayInternal().linear(x, wb[0], wb[1]).get(0);
  }

  private NDArray layerNorm(NDArray x, NDArray[] gb) {
    NDList out =
        x.getNDArrayInternal()
            .layerNorm(x, new Shape(config.hidden()), gb[0], gb[1], (float) config.layerNormEps());
    return out.get(0);
  }

  private NDArray[] pair(BertWeights w, String prefix) {
    return new NDArray[] {put(w.get(prefix + ".weight")), put(w.get(prefix + ".bias"))};
  }

  private NDArray put(Tensor t) {
    NDArray a = manager.create(t.data(), new Shape(t.shape()));
    return dtype == DataType.FLOAT32 ? a : a.toType(dtype, false);
  }

  private static Tensor scaled(Tensor t, float s) {
    float[] d = t.data().clone();
    for (int i = 0; i < d.length; i++) {
      d[i] *= s;
    }
    return new Tensor(t.shape(), d);
  }

  private static Tensor concatRows(Tensor... parts) {
    long rows = 0;
    int n = 0;
    for (Tensor p : parts) {
      rows += p.shape()[0];
      n += p.data().length;
    }
    float[] d = new float[n];
    int at = 0;
    for (Tensor p : parts) {
      System.arraycopy(p.data(), 0, d, at, p.data().length);
      at += p.data().length;
    }
    long[] shape = parts[0].shape().clone();
    shape[0] = rows;
    return new Tensor(shape, d);
  }

  @Override
  public void close() {
    manager.close();
  }
}
