package io.sentimentstream.stream.testing;

import io.sentimentstream.classifier.Embeddings;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderId;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.Pooling;
import io.sentimentstream.classifier.TokenizedTexts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A 4-wide fake encoder that records every text it embeds and counts its tokenize calls; a text
 * takes one token per word plus two (as special tokens would).
 */
public final class CountingEncoder implements Encoder {
  /** The fake's identity. */
  public static final EncoderId ID = new EncoderId("fake", "abc123");

  /** Every text embedded, in order. */
  public final List<String> embedded = new ArrayList<>();

  /** Calls of {@link #tokenize}. */
  public final AtomicInteger tokenizeCalls = new AtomicInteger();

  /**
   * A linear head of version {@code version} for encoder {@code id}: longer text, more positive.
   */
  public static Head head(long version, EncoderId id) {
    float[][] w = new float[3][4];
    w[2][0] = 1; // longer text -> more positive
    return new Head(
        Head.Type.LINEAR, id, Pooling.MEAN, version, w, new float[3], null, null, Map.of());
  }

  @Override
  public EncoderId id() {
    return ID;
  }

  @Override
  public int hiddenSize() {
    return 4;
  }

  @Override
  public int maxLength() {
    return 16;
  }

  @Override
  public Pooling pooling() {
    return Pooling.MEAN;
  }

  @Override
  public void close() {}

  @Override
  public TokenizedTexts tokenize(List<String> texts) {
    tokenizeCalls.incrementAndGet();
    long[][] ids = new long[texts.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = new long[Math.min(maxLength(), texts.get(i).split(" ").length + 2)];
    }
    return new TokenizedTexts(texts, ids, new boolean[ids.length], maxLength());
  }

  @Override
  public Embeddings embed(List<String> texts) {
    embedded.addAll(texts);
    float[][] v = new float[texts.size()][];
    for (int i = 0; i < v.length; i++) {
      v[i] = new float[] {texts.get(i).length(), 1, 0, -1};
    }
    return new Embeddings(v, new boolean[texts.size()]);
  }
}
