package io.sentimentstream.stream.testing;

import io.sentimentstream.classifier.Embeddings;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderId;
import io.sentimentstream.classifier.Pooling;
import java.util.List;

/**
 * An encoder of the fast encoder's shape (384 wide, mean pooling) that embeds nothing: for unit
 * tests of head swaps and model updates, which never score a text.
 */
public final class StubEncoder implements Encoder {
  /** The stub's identity. */
  public static final EncoderId ID = new EncoderId("stub-encoder", "5eed");

  @Override
  public EncoderId id() {
    return ID;
  }

  @Override
  public int hiddenSize() {
    return 384;
  }

  @Override
  public int maxLength() {
    return 64;
  }

  @Override
  public Pooling pooling() {
    return Pooling.MEAN;
  }

  @Override
  public Embeddings embed(List<String> cleanTexts) {
    throw new UnsupportedOperationException("the stub encoder embeds nothing");
  }

  @Override
  public void close() {}
}
