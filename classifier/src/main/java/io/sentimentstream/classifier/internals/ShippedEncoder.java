package io.sentimentstream.classifier.internals;

import io.sentimentstream.classifier.Pooling;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The BERT encoders shipped as Maven jars (langchain4j's embedding artifacts): an ONNX model and a
 * tokenizer.json at the jar root. Only those two files are used, not langchain4j's code.
 */
public enum ShippedEncoder {
  /** The default: 12 x 384; its model card asks for the "query: " prefix; mean pooling. */
  E5_SMALL_V2("e5-small-v2", "e5-small-v2", Pooling.MEAN, "query: "),
  /** The fast option: 6 x 384, mean pooling. */
  ALL_MINILM_L6_V2("all-minilm-l6-v2", "all-minilm-l6-v2", Pooling.MEAN, ""),
  /** 12 x 384, [CLS] pooling. */
  BGE_SMALL_EN_V15("bge-small-en-v1.5", "bge-small-en-v1.5", Pooling.CLS, "");

  private static final int HEADS = 12; // all three: 384 wide, 12 heads of 32

  private final String encoderName;
  private final String resource;
  private final Pooling pooling;
  private final String prefix;

  ShippedEncoder(String encoderName, String resource, Pooling pooling, String prefix) {
    this.encoderName = encoderName;
    this.resource = resource;
    this.pooling = pooling;
    this.prefix = prefix;
  }

  /** The name users pass as the model option. */
  public String encoderName() {
    return encoderName;
  }

  /** Classpath resource of the ONNX model. */
  public String onnxResource() {
    return "/" + resource + ".onnx";
  }

  /** Classpath resource of the tokenizer.json. */
  public String tokenizerResource() {
    return "/" + resource + "-tokenizer.json";
  }

  /** Default pooling. */
  public Pooling pooling() {
    return pooling;
  }

  /** Text prefix. */
  public String prefix() {
    return prefix;
  }

  /** Finds a shipped encoder by name (case-insensitive). */
  public static Optional<ShippedEncoder> byName(String name) {
    return Arrays.stream(values()).filter(e -> e.encoderName.equalsIgnoreCase(name)).findFirst();
  }

  /** All names, for error messages. */
  public static List<String> names() {
    return Arrays.stream(values()).map(ShippedEncoder::encoderName).toList();
  }

  /** Reads weights and tokenizer from the classpath. */
  public EncoderSource load() throws IOException {
    BertWeights weights;
    try (InputStream onnx = open(onnxResource())) {
      weights = OnnxBert.read(onnx, HEADS, onnxResource());
    }
    byte[] tokenizer;
    try (InputStream in = open(tokenizerResource())) {
      tokenizer = in.readAllBytes();
    }
    return new EncoderSource(encoderName, weights, pooling, prefix, tokenizer);
  }

  /** Opens one of this encoder's classpath resources. */
  public InputStream open(String name) throws IOException {
    InputStream in = ShippedEncoder.class.getResourceAsStream(name);
    if (in == null) {
      throw new IOException(
          "encoder "
              + encoderName
              + ": resource "
              + name
              + " is not on the classpath "
              + "(is its langchain4j embeddings jar a dependency?)");
    }
    return in;
  }
}
