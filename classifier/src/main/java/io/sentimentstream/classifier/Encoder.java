package io.sentimentstream.classifier;

import java.util.List;

/**
 * A frozen sentence encoder: cleaned texts in, one pooled vector per text out.
 *
 * <p>Implementations hold native resources; close them. They are safe for concurrent {@link #embed}
 * calls unless they say otherwise.
 */
public interface Encoder extends AutoCloseable {
  /** Name and weight fingerprint. */
  EncoderId id();

  /** Width of the pooled vectors. */
  int hiddenSize();

  /** Maximum number of tokens per text, including special tokens; longer texts are truncated. */
  int maxLength();

  /** How token states are pooled into one vector. */
  Pooling pooling();

  /**
   * Embeds already-cleaned texts (see {@link TextCleaner}), one vector per text, in input order.
   *
   * @throws NullPointerException if the list or an element is null
   */
  Embeddings embed(List<String> cleanTexts);

  /**
   * Tokens each text takes in a forward pass, special tokens included, at most {@link #maxLength}.
   * Callers use it to size batches by cost; the default assumes every text is maximum-length.
   */
  default int[] tokenCounts(List<String> cleanTexts) {
    int[] out = new int[cleanTexts.size()];
    java.util.Arrays.fill(out, maxLength());
    return out;
  }

  @Override
  void close();
}
