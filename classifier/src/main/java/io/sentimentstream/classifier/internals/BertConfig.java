package io.sentimentstream.classifier.internals;

/**
 * The shape of a BERT encoder.
 *
 * @param layers number of transformer layers
 * @param hidden hidden size H
 * @param heads attention heads (H must divide evenly)
 * @param intermediate feed-forward width
 * @param layerNormEps LayerNorm epsilon
 * @param maxPositions number of position embeddings (the longest input)
 * @param vocabSize word-piece vocabulary size
 */
public record BertConfig(
    int layers,
    int hidden,
    int heads,
    int intermediate,
    double layerNormEps,
    int maxPositions,
    int vocabSize) {
  /** Checks that the numbers describe a buildable encoder. */
  public BertConfig {
    if (layers <= 0 || hidden <= 0 || heads <= 0 || intermediate <= 0 || maxPositions <= 0) {
      throw new IllegalArgumentException("BERT config has a non-positive size: " + describe());
    }
    if (hidden % heads != 0) {
      throw new IllegalArgumentException(
          "BERT hidden size " + hidden + " is not divisible by " + heads + " heads");
    }
  }

  /** Width of one attention head. */
  public int headSize() {
    return hidden / heads;
  }

  private static String describe() {
    return "layers, hidden, heads, intermediate, maxPositions must all be > 0";
  }
}
