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
   * The texts as this encoder reads them: token ids per text, special tokens included, at most
   * {@link #maxLength} each. A batch is tokenized once: its cost is read from these tokens and its
   * forward passes ({@link #embedPass}) run on them. The default, for encoders without a tokenizer,
   * counts every text as maximum-length.
   */
  default TokenizedTexts tokenize(List<String> cleanTexts) {
    return TokenizedTexts.untokenized(cleanTexts, maxLength());
  }

  /**
   * Embeds texts tokenized by {@link #tokenize} in ONE forward pass, padded to the longest of them,
   * one vector per text in order: the caller chose the pass ({@link ForwardPasses}). The default
   * embeds the texts themselves.
   */
  default Embeddings embedPass(TokenizedTexts pass) {
    return embed(pass.texts());
  }

  /** The adapters merged into the weights now in use, or null for the base weights. */
  default Adapters adapters() {
    return null;
  }

  /**
   * Checks, without changing anything, that {@link #useAdapters} would take these adapters: trained
   * on this encoder, targets that are its layers' Linear weights, with their shapes. Null (the base
   * weights) always fits. Lets an update be refused before anything is swapped.
   *
   * @throws IllegalArgumentException naming the target that does not fit, or saying this encoder
   *     takes no adapters
   */
  default void checkAdapters(Adapters adapters) {
    if (adapters != null) {
      throw new IllegalArgumentException("encoder " + id() + " takes no adapters");
    }
  }

  /**
   * Merges adapters into a copy of the base weights and uses them from the next pass on (null: back
   * to the base weights). Every call starts again from the base weights.
   *
   * @throws IllegalArgumentException if the adapters do not fit this encoder
   * @throws UnsupportedOperationException if this encoder takes no adapters
   */
  default void useAdapters(Adapters adapters) {
    if (adapters != null) {
      throw new UnsupportedOperationException("encoder " + id() + " takes no adapters");
    }
  }

  @Override
  void close();
}
