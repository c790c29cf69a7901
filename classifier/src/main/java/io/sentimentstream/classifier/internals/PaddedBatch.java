package io.sentimentstream.classifier.internals;

/**
 * Token ids of several texts padded to the longest of them, row-major, with the attention mask.
 *
 * @param ids {@code [batch, length]} token ids, padding id 0
 * @param mask {@code [batch, length]} 1 for real tokens, 0 for padding
 */
public record PaddedBatch(long[] ids, long[] mask, int batch, int length) {
  /** Pads the given token sequences (selected by {@code rows}) to their longest. */
  public static PaddedBatch of(BatchTokenizer.Tokens[] tokens, int[] rows) {
    int length = 1;
    for (int r : rows) {
      length = Math.max(length, tokens[r].ids().length);
    }
    long[] ids = new long[rows.length * length];
    long[] mask = new long[ids.length];
    for (int i = 0; i < rows.length; i++) {
      long[] t = tokens[rows[i]].ids();
      System.arraycopy(t, 0, ids, i * length, t.length);
      for (int j = 0; j < t.length; j++) {
        mask[i * length + j] = 1;
      }
    }
    return new PaddedBatch(ids, mask, rows.length, length);
  }
}
