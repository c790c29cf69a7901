package io.sentimentstream.classifier.internals;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the initializers of an exported BERT ONNX model into canonical {@link BertWeights}.
 *
 * <p>Exporters keep HF names for embeddings, biases and LayerNorms, but store every Linear weight
 * as an anonymous {@code onnx::MatMul_NNN} initializer in {@code [in, out]} layout. Each is named
 * after the MatMul node consuming it ({@code /encoder/layer.0/attention/self/query/MatMul} becomes
 * {@code encoder.layer.0.attention.self.query.weight}) and transposed to {@code [out, in]}.
 */
public final class OnnxBert {
  private static final Pattern MATMUL = Pattern.compile("^/(.+)/MatMul$");
  private static final Pattern LAYER = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.");
  private static final double ONNX_BERT_EPS = 1e-12; // what the exporters bake in (checked)

  private OnnxBert() {}

  /**
   * Reads BERT weights from an ONNX model stream.
   *
   * @param heads attention heads (not recoverable from the weights alone)
   * @param source names the model in error messages
   */
  public static BertWeights read(InputStream onnx, int heads, String source) throws IOException {
    OnnxWeightReader.OnnxGraph graph = OnnxWeightReader.read(onnx, source);
    Map<String, List<OnnxWeightReader.Node>> consumers = graph.consumers();
    Map<String, Tensor> named = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : graph.initializers().entrySet()) {
      String name = e.getKey();
      if (!name.startsWith("onnx::")) {
        named.put(name, e.getValue());
        continue;
      }
      List<OnnxWeightReader.Node> users = consumers.getOrDefault(name, List.of());
      Matcher m = users.size() == 1 ? MATMUL.matcher(users.get(0).name()) : null;
      if (m == null || !m.matches() || !"MatMul".equals(users.get(0).opType())) {
        throw new IOException(
            source + ": cannot name anonymous initializer " + name + " (consumers " + users + ")");
      }
      named.put(m.group(1).replace('/', '.') + ".weight", e.getValue().transpose2d());
    }
    Map<String, Tensor> canonical = BertWeights.canonicalNames(named);
    return new BertWeights(inferConfig(canonical, heads), canonical);
  }

  private static BertConfig inferConfig(Map<String, Tensor> t, int heads) {
    Tensor words = require(t, "embeddings.word_embeddings.weight");
    Tensor positions = require(t, "embeddings.position_embeddings.weight");
    Tensor inter = require(t, "encoder.layer.0.intermediate.dense.weight");
    int layers = 0;
    for (String name : t.keySet()) {
      Matcher m = LAYER.matcher(name);
      if (m.find()) {
        layers = Math.max(layers, Integer.parseInt(m.group(1)) + 1);
      }
    }
    return new BertConfig(
        layers,
        (int) words.shape()[1],
        heads,
        (int) inter.shape()[0],
        ONNX_BERT_EPS,
        (int) positions.shape()[0],
        (int) words.shape()[0]);
  }

  private static Tensor require(Map<String, Tensor> t, String name) {
    Tensor x = t.get(name);
    if (x == null) {
      throw new IllegalArgumentException("ONNX BERT model lacks initializer " + name);
    }
    return x;
  }
}
