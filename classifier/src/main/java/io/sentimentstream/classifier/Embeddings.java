package io.sentimentstream.classifier;

/**
 * Pooled sentence vectors for a list of texts, in input order, with a flag per text saying whether
 * it was cut to the encoder's maximum length.
 */
public record Embeddings(float[][] vectors, boolean[] truncated) {
  /** Number of texts. */
  public int size() {
    return vectors.length;
  }
}
