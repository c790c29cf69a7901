package io.sentimentstream.trainer.internals;

import io.sentimentstream.classifier.Embeddings;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderId;
import io.sentimentstream.classifier.Pooling;
import java.util.ArrayList;
import java.util.List;

/** A deterministic stand-in encoder for unit tests of the cache: vector = (length, hash, 1). */
final class FakeEncoder implements Encoder {
  final List<String> embedded = new ArrayList<>();

  @Override
  public EncoderId id() {
    return new EncoderId("fake", "00112233445566778899");
  }

  @Override
  public int hiddenSize() {
    return 3;
  }

  @Override
  public int maxLength() {
    return 8;
  }

  @Override
  public Pooling pooling() {
    return Pooling.MEAN;
  }

  @Override
  public Embeddings embed(List<String> cleanTexts) {
    embedded.addAll(cleanTexts);
    float[][] v = new float[cleanTexts.size()][];
    boolean[] t = new boolean[cleanTexts.size()];
    for (int i = 0; i < v.length; i++) {
      String s = cleanTexts.get(i);
      v[i] = new float[] {s.length(), s.hashCode() % 1000, 1f};
      t[i] = s.length() > 10;
    }
    return new Embeddings(v, t);
  }

  @Override
  public void close() {}
}
