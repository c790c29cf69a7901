package io.sentimentstream.classifier.internals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentimentstream.classifier.Pooling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A Hugging Face BERT checkpoint directory: {@code config.json}, {@code model.safetensors}, {@code
 * tokenizer.json}. Reading accepts HF names with or without the {@code bert.} prefix and ignores
 * task heads. {@code pytorch_model.bin} (a pickle) is not supported.
 *
 * <p>Writing adds a {@code sentiment_stream} object to config.json (name, pooling, text prefix; HF
 * ignores unknown keys) so a shipped encoder written out and read back behaves identically.
 */
public final class HfCheckpoint {
  /** Config file name. */
  public static final String CONFIG = "config.json";

  /** Weights file name. */
  public static final String WEIGHTS = "model.safetensors";

  /** Tokenizer file name. */
  public static final String TOKENIZER = "tokenizer.json";

  private static final String EXTRA = "sentiment_stream";
  private static final ObjectMapper JSON = new ObjectMapper();

  private HfCheckpoint() {}

  /** Reads a checkpoint directory; errors name the directory and the missing or bad part. */
  public static EncoderSource read(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("encoder checkpoint " + dir + " is not a directory");
    }
    Path weightsFile = dir.resolve(WEIGHTS);
    if (!Files.isRegularFile(weightsFile)) {
      String hint =
          Files.exists(dir.resolve("pytorch_model.bin"))
              ? " (pytorch_model.bin is not supported: convert it to safetensors)"
              : "";
      throw new IOException("encoder checkpoint " + dir + " has no " + WEIGHTS + hint);
    }
    for (String f : new String[] {CONFIG, TOKENIZER}) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        throw new IOException("encoder checkpoint " + dir + " has no " + f);
      }
    }
    JsonNode config = JSON.readTree(dir.resolve(CONFIG).toFile());
    BertConfig shape = parseConfig(config, dir.resolve(CONFIG));
    Map<String, Tensor> tensors = Safetensors.read(weightsFile).tensors();
    BertWeights weights;
    try {
      weights = new BertWeights(shape, BertWeights.canonicalNames(tensors));
    } catch (IllegalArgumentException e) {
      throw new IOException(weightsFile + ": " + e.getMessage(), e);
    }
    JsonNode extra = config.path(EXTRA);
    String name =
        extra.path("name").asText(dir.toAbsolutePath().normalize().getFileName().toString());
    Pooling pooling =
        extra.has("pooling")
            ? Pooling.valueOf(extra.get("pooling").asText().toUpperCase(Locale.ROOT))
            : weights.hasPooler() ? Pooling.POOLER : Pooling.CLS;
    String prefix = extra.path("text_prefix").asText("");
    byte[] tokenizer = Files.readAllBytes(dir.resolve(TOKENIZER));
    return new EncoderSource(name, weights, pooling, prefix, tokenizer);
  }

  private static BertConfig parseConfig(JsonNode c, Path file) throws IOException {
    String type = c.path("model_type").asText("bert");
    String act = c.path("hidden_act").asText("gelu");
    String pos = c.path("position_embedding_type").asText("absolute");
    if (!type.equals("bert") || !act.equals("gelu") || !pos.equals("absolute")) {
      throw new IOException(
          file
              + ": only BERT with exact gelu and absolute positions is supported, got model_type="
              + type
              + " hidden_act="
              + act
              + " position_embedding_type="
              + pos);
    }
    try {
      return new BertConfig(
          required(c, "num_hidden_layers", file),
          required(c, "hidden_size", file),
          required(c, "num_attention_heads", file),
          required(c, "intermediate_size", file),
          c.path("layer_norm_eps").asDouble(1e-12),
          required(c, "max_position_embeddings", file),
          required(c, "vocab_size", file));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  private static int required(JsonNode c, String key, Path file) throws IOException {
    if (!c.path(key).canConvertToInt()) {
      throw new IOException(file + ": missing or non-integer key " + key);
    }
    return c.get(key).asInt();
  }

  /** Writes an encoder as a checkpoint directory (created if needed, files replaced). */
  public static void write(Path dir, EncoderSource src) throws IOException {
    Files.createDirectories(dir);
    BertConfig s = src.weights().config();
    ObjectNode c = JSON.createObjectNode();
    c.putArray("architectures").add("BertModel");
    c.put("model_type", "bert")
        .put("hidden_act", "gelu")
        .put("position_embedding_type", "absolute")
        .put("num_hidden_layers", s.layers())
        .put("hidden_size", s.hidden())
        .put("num_attention_heads", s.heads())
        .put("intermediate_size", s.intermediate())
        .put("layer_norm_eps", s.layerNormEps())
        .put("max_position_embeddings", s.maxPositions())
        .put("vocab_size", s.vocabSize())
        .put(
            "type_vocab_size",
            src.weights().get("embeddings.token_type_embeddings.weight").shape()[0]);
    c.putObject(EXTRA)
        .put("name", src.name())
        .put("pooling", src.defaultPooling().name())
        .put("text_prefix", src.textPrefix());
    JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(CONFIG).toFile(), c);
    Safetensors.write(dir.resolve(WEIGHTS), src.weights().tensors(), Map.of("format", "pt"));
    Files.write(dir.resolve(TOKENIZER), src.tokenizerJson());
  }
}
