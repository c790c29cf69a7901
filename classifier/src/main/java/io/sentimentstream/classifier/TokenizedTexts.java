package io.sentimentstream.classifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Texts as an encoder reads them: each text's token ids (special tokens included, cut to the
 * encoder's maximum length). Made once per batch by {@link Encoder#tokenize}; the same tokens then
 * give the batch's cost and feed its forward passes ({@link Encoder#embedPass}), so no text is
 * tokenized twice. The arrays are shared, not copied: treat them as read-only.
 */
public final class TokenizedTexts {
  private final List<String> texts;
  private final long[][] ids;
  private final boolean[] truncated;
  private final int maxLength;

  /**
   * Tokens of {@code texts}, one row each.
   *
   * @param maxLength the most tokens any text can take with this tokenizer
   * @throws IllegalArgumentException if the rows do not match the texts
   */
  public TokenizedTexts(List<String> texts, long[][] ids, boolean[] truncated, int maxLength) {
    this.texts = List.copyOf(Objects.requireNonNull(texts, "texts"));
    if (ids.length != texts.size() || truncated.length != texts.size()) {
      throw new IllegalArgumentException(
          texts.size()
              + " texts but "
              + ids.length
              + " token rows and "
              + truncated.length
              + " flags");
    }
    this.ids = ids;
    this.truncated = truncated;
    this.maxLength = maxLength;
  }

  /**
   * Texts counted as {@code tokensPerText} tokens each, with no real ids: for models without a
   * tokenizer (test doubles), whose cost is then simply per text.
   */
  public static TokenizedTexts untokenized(List<String> texts, int tokensPerText) {
    long[][] ids = new long[texts.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = new long[tokensPerText];
    }
    return new TokenizedTexts(texts, ids, new boolean[ids.length], tokensPerText);
  }

  /** Number of texts. */
  public int size() {
    return texts.size();
  }

  /** The texts, in order. */
  public List<String> texts() {
    return texts;
  }

  /** Token ids of text {@code i}. */
  public long[] ids(int i) {
    return ids[i];
  }

  /** Tokens text {@code i} takes in a forward pass. */
  public int length(int i) {
    return ids[i].length;
  }

  /** Whether text {@code i} was cut to the maximum length. */
  public boolean truncated(int i) {
    return truncated[i];
  }

  /** Tokens of all texts together: what a pass over them computes, padding aside. */
  public long totalTokens() {
    long sum = 0;
    for (long[] row : ids) {
      sum += row.length;
    }
    return sum;
  }

  /** The most tokens one text can take with this tokenizer. */
  public int maxLength() {
    return maxLength;
  }

  /** The texts at these indices, in this order (their tokens are shared). */
  public TokenizedTexts rows(int[] rows) {
    List<String> t = new ArrayList<>(rows.length);
    long[][] r = new long[rows.length][];
    boolean[] cut = new boolean[rows.length];
    for (int j = 0; j < rows.length; j++) {
      t.add(texts.get(rows[j]));
      r[j] = ids[rows[j]];
      cut[j] = truncated[rows[j]];
    }
    return new TokenizedTexts(t, r, cut, maxLength);
  }
}
