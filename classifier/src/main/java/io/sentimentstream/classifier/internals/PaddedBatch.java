package io.sentimentstream.classifier.internals;

import io.sentimentstream.classifier.TokenizedTexts;

/**
 * Token ids of several texts padded to the longest of them, row-major, with the attention mask.
 *
 * @param ids {@code [batch, length]} token ids, padding id 0
 * @param mask {@code [batch, length]} 1 for real tokens, 0 for padding
 */
public record PaddedBatch(long[] ids, long[] mask, int batch, int length) {
  /** Pads every text of one pass to the longest of them. */
  public static PaddedBatch of(TokenizedTexts pass) {
    long[][] rows = new long[pass.size()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = pass.ids(i);
    }
    return of(rows);
  }

  /** Pads the given token sequences (selected by {@code rows}) to their longest. */
  public static PaddedBatch of(BatchTokenizer.Tokens[] tokens, int[] rows) {
    long[][] selected = new long[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      selected[i] = tokens[rows[i]].ids();
    }
    return of(selected);
  }

  private static PaddedBatch of(long[][] rows) {
    int length = 1;
    for (long[] r : rows) {
      length = Math.max(length, r.length);
    }
    long[] ids = new long[rows.length * length];
    long[] mask = new long[ids.length];
    for (int i = 0; i < rows.length; i++) {
      long[] t = rows[i];
      System.arraycopy(t, 0, ids, i * length, t.length);
      for (int j = 0; j < t.length; j++) {
        mask[i * length + j] = 1;
      }
    }
    return new PaddedBatch(ids, mask, rows.length, length);
  }
}
