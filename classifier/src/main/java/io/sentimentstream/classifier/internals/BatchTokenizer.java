package io.sentimentstream.classifier.internals;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Word-piece tokenization with DJL's HuggingFace tokenizer: special tokens added, texts cut to
 * {@code maxLength} tokens, no padding (padding is per length-sorted batch, see {@link
 * PaddedBatch}). Safe for concurrent use: the native tokenizer is immutable.
 */
public final class BatchTokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final String prefix;
  private final int maxLength;

  /** One text's token ids and whether it was cut to the maximum length. */
  public record Tokens(long[] ids, boolean truncated) {}

  /**
   * Loads a tokenizer.json.
   *
   * @param prefix prepended to every text before tokenizing (e5's {@code "query: "}), or ""
   * @param source names the tokenizer in error messages
   */
  public BatchTokenizer(InputStream tokenizerJson, String prefix, int maxLength, String source)
      throws IOException {
    // DJL ignores tokenizer.json's own truncation/padding settings: give all three explicitly.
    Map<String, String> options =
        Map.of(
            "maxLength", Integer.toString(maxLength),
            "truncation", "true",
            "padding", "false",
            "addSpecialTokens", "true");
    try {
      this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, options);
    } catch (RuntimeException e) {
      throw new IOException("cannot load tokenizer " + source + ": " + e.getMessage(), e);
    }
    this.prefix = prefix;
    this.maxLength = maxLength;
  }

  /** Maximum tokens per text, special tokens included. */
  public int maxLength() {
    return maxLength;
  }

  /** Tokenizes texts in order. */
  public Tokens[] tokenize(List<String> texts) {
    String[] input = new String[texts.size()];
    for (int i = 0; i < input.length; i++) {
      input[i] = prefix + texts.get(i);
    }
    Encoding[] enc = tokenizer.batchEncode(input);
    Tokens[] out = new Tokens[enc.length];
    for (int i = 0; i < enc.length; i++) {
      out[i] = new Tokens(enc[i].getIds(), enc[i].exceedMaxLength());
    }
    return out;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
