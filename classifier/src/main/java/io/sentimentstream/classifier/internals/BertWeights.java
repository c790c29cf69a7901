package io.sentimentstream.classifier.internals;

import io.sentimentstream.classifier.Adapters;
import io.sentimentstream.classifier.EncoderId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The weights of a BERT encoder under Hugging Face names without the {@code bert.} prefix ({@code
 * embeddings.word_embeddings.weight}, {@code encoder.layer.0.attention.self.query.weight}, ...,
 * optional {@code pooler.dense.*}), Linear weights in {@code nn.Linear}'s {@code [out, in]} layout.
 * Both weight sources (ONNX initializers, HF checkpoints) are converted to this form, so the
 * forward pass and the fingerprint have one input format.
 */
public final class BertWeights {
  private static final String POOLER = "pooler.dense.weight";
  private final BertConfig config;
  private final Map<String, Tensor> tensors;

  /**
   * Wraps and validates canonical tensors.
   *
   * @throws IllegalArgumentException naming the first missing or mis-shaped tensor
   */
  public BertWeights(BertConfig config, Map<String, Tensor> tensors) {
    this.config = config;
    this.tensors = Map.copyOf(tensors);
    validate();
  }

  /** The encoder's shape. */
  public BertConfig config() {
    return config;
  }

  /** All tensors by canonical name. */
  public Map<String, Tensor> tensors() {
    return tensors;
  }

  /** Whether BERT's pooler (tanh Linear on [CLS]) weights are present. */
  public boolean hasPooler() {
    return tensors.containsKey(POOLER);
  }

  /** A tensor by canonical name. */
  public Tensor get(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("BERT weights lack tensor " + name);
    }
    return t;
  }

  /**
   * These weights with each adapter's delta added to its target (a copy; these stay unchanged).
   *
   * @throws IllegalArgumentException if the adapters were trained on another encoder or a target is
   *     not one of this encoder's layer Linear weights with the adapter's shape
   */
  public BertWeights merged(Adapters adapters, EncoderId base) {
    checkFits(adapters, base);
    Map<String, Tensor> out = new LinkedHashMap<>(tensors);
    for (String target : adapters.targets().keySet()) {
      Tensor w = get(target + ".weight");
      float[] d = adapters.delta(target);
      float[] sum = w.data().clone();
      for (int i = 0; i < sum.length; i++) {
        sum[i] += d[i];
      }
      out.put(target + ".weight", new Tensor(w.shape(), sum));
    }
    return new BertWeights(config, out);
  }

  /**
   * Checks that adapters fit these weights (see {@link #merged}); messages name the target.
   *
   * @param base the identity of these (base) weights
   */
  public void checkFits(Adapters adapters, EncoderId base) {
    if (!adapters.encoder().equals(base)) {
      throw new IllegalArgumentException(
          "adapters were trained on encoder " + adapters.encoder() + " but this is " + base);
    }
    for (Map.Entry<String, Adapters.Pair> e : adapters.targets().entrySet()) {
      String target = e.getKey();
      Tensor w = tensors.get(target + ".weight");
      if (!target.startsWith("encoder.layer.") || w == null || w.shape().length != 2) {
        throw new IllegalArgumentException(
            "adapter target " + target + " is not a Linear weight of encoder " + base.name());
      }
      Adapters.Pair p = e.getValue();
      if (w.shape()[0] != p.out() || w.shape()[1] != p.in()) {
        throw new IllegalArgumentException(
            "adapter "
                + target
                + " is [out "
                + p.out()
                + ", in "
                + p.in()
                + "] but "
                + base.name()
                + "'s weight is "
                + w.shapeString());
      }
    }
  }

  /** Prefix of one layer's tensors, e.g. {@code encoder.layer.3.}. */
  public static String layer(int i) {
    return "encoder.layer." + i + ".";
  }

  /**
   * SHA-256 (hex) over every tensor, name-sorted: name, shape and little-endian float32 values.
   * Stable across runs and across the two weight sources.
   */
  public String fingerprint() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, Tensor> e : new TreeMap<>(tensors).entrySet()) {
        sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
        ByteBuffer dims = ByteBuffer.allocate(8 * e.getValue().shape().length);
        for (long d : e.getValue().shape()) {
          dims.putLong(d);
        }
        sha.update(dims.array());
        float[] data = e.getValue().data();
        ByteBuffer bytes = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(data);
        sha.update(bytes.array());
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private void validate() {
    int h = config.hidden();
    expect("embeddings.word_embeddings.weight", config.vocabSize(), h);
    expect("embeddings.position_embeddings.weight", config.maxPositions(), h);
    expect("embeddings.token_type_embeddings.weight", -1, h);
    expect("embeddings.LayerNorm.weight", h);
    expect("embeddings.LayerNorm.bias", h);
    for (int i = 0; i < config.layers(); i++) {
      String p = layer(i);
      for (String lin : new String[] {"query", "key", "value"}) {
        expect(p + "attention.self." + lin + ".weight", h, h);
        expect(p + "attention.self." + lin + ".bias", h);
      }
      expect(p + "attention.output.dense.weight", h, h);
      expect(p + "attention.output.dense.bias", h);
      expect(p + "attention.output.LayerNorm.weight", h);
      expect(p + "attention.output.LayerNorm.bias", h);
      expect(p + "intermediate.dense.weight", config.intermediate(), h);
      expect(p + "intermediate.dense.bias", config.intermediate());
      expect(p + "output.dense.weight", h, config.intermediate());
      expect(p + "output.dense.bias", h);
      expect(p + "output.LayerNorm.weight", h);
      expect(p + "output.LayerNorm.bias", h);
    }
    if (hasPooler()) {
      expect(POOLER, h, h);
      expect("pooler.dense.bias", h);
    }
  }

  private void expect(String name, long... dims) {
    long[] shape = get(name).shape();
    boolean ok = shape.length == dims.length;
    for (int i = 0; ok && i < dims.length; i++) {
      ok = dims[i] < 0 || dims[i] == shape[i];
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "BERT tensor "
              + name
              + " has shape "
              + get(name).shapeString()
              + ", expected "
              + show(dims));
    }
  }

  private static String show(long[] dims) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < dims.length; i++) {
      b.append(i > 0 ? ", " : "").append(dims[i] < 0 ? "*" : Long.toString(dims[i]));
    }
    return b.append(']').toString();
  }

  /**
   * Converts Hugging Face checkpoint names to canonical ones: drops a {@code bert.} prefix and
   * non-encoder heads ({@code cls.*}), renames old {@code LayerNorm.gamma/beta}.
   */
  public static Map<String, Tensor> canonicalNames(Map<String, Tensor> hf) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    hf.forEach(
        (name, t) -> {
          String n = name.startsWith("bert.") ? name.substring(5) : name;
          n =
              n.replace("LayerNorm.gamma", "LayerNorm.weight")
                  .replace("LayerNorm.beta", "LayerNorm.bias");
          if (n.startsWith("embeddings.") || n.startsWith("encoder.") || n.startsWith("pooler.")) {
            out.put(n, t);
          }
        });
    return out;
  }
}
