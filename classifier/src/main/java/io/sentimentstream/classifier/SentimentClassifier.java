package io.sentimentstream.classifier;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The facade: an encoder plus a classification head. Texts passed in must already be cleaned with
 * {@link TextCleaner}; empty strings are classified like any other text (the stream app decides
 * whether to reject them before calling).
 *
 * <p>Thread-safe: concurrent {@link #classify} and {@link #embed} calls are fine, and {@link
 * #replaceHead} swaps the head atomically and {@link #replaceModel} head and adapters together; a
 * call in progress finishes with the head it started with, the next call uses the new one. Closing
 * closes the encoder.
 */
public final class SentimentClassifier implements AutoCloseable {
  private final Encoder encoder;
  private final AtomicReference<Head> head = new AtomicReference<>();
  private final ReentrantReadWriteLock swap = new ReentrantReadWriteLock();

  /**
   * Pairs an encoder with a head made for it.
   *
   * @throws IllegalArgumentException if the head was trained on another encoder, pooling or width
   */
  public SentimentClassifier(Encoder encoder, Head head) {
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    this.head.set(validated(head));
  }

  /** Opens the default encoder with the built-in default adapters and head. */
  public static SentimentClassifier openDefault() {
    Head head = ModelBundle.defaultHead();
    Encoder encoder = Encoders.open(EncoderOptions.defaults().withPooling(head.pooling()));
    try {
      SentimentClassifier c = new SentimentClassifier(encoder, head);
      c.replaceModel(head, ModelBundle.defaultAdapters().orElse(null));
      return c;
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
  }

  /** One prediction per cleaned text, in input order. */
  public List<Prediction> classify(List<String> cleanTexts) {
    swap.readLock().lock(); // head and encoder weights of one model for the whole call
    try {
      return Arrays.asList(head.get().predict(encoder.embed(cleanTexts)));
    } finally {
      swap.readLock().unlock();
    }
  }

  /** The texts as the encoder reads them (see {@link Encoder#tokenize}). */
  public TokenizedTexts tokenize(List<String> cleanTexts) {
    return encoder.tokenize(cleanTexts);
  }

  /** One prediction per text of ONE forward pass (see {@link Encoder#embedPass}), in order. */
  public List<Prediction> classify(TokenizedTexts pass) {
    swap.readLock().lock(); // head and encoder weights of one model for the whole pass
    try {
      return Arrays.asList(head.get().predict(encoder.embedPass(pass)));
    } finally {
      swap.readLock().unlock();
    }
  }

  /** Pooled vectors of cleaned texts (the trainer's input). */
  public Embeddings embed(List<String> cleanTexts) {
    return encoder.embed(cleanTexts);
  }

  /** The current head. */
  public Head head() {
    return head.get();
  }

  /**
   * Swaps the head for the next calls.
   *
   * @throws IllegalArgumentException if it does not fit this encoder (the old head stays)
   */
  public void replaceHead(Head next) {
    head.set(validated(next));
  }

  /**
   * Swaps head and adapters together for the next calls: the adapters are merged into a copy of the
   * base weights (null: the base weights alone, as a head-only update), never into the weights of
   * an earlier update. A call in progress finishes on the old model.
   *
   * @throws IllegalArgumentException if the head or the adapters do not fit this encoder (the old
   *     model stays)
   */
  public void replaceModel(Head next, Adapters adapters) {
    Head h = validated(next);
    swap.writeLock().lock();
    try {
      encoder.useAdapters(adapters);
      head.set(h);
    } finally {
      swap.writeLock().unlock();
    }
  }

  /** The adapters now merged into the encoder's weights, or null. */
  public Adapters adapters() {
    return encoder.adapters();
  }

  /** The encoder. */
  public Encoder encoder() {
    return encoder;
  }

  private Head validated(Head h) {
    Objects.requireNonNull(h, "head");
    if (!h.encoder().equals(encoder.id())) {
      throw new IllegalArgumentException(
          "head version "
              + h.version()
              + " was trained on encoder "
              + h.encoder()
              + " but this classifier runs "
              + encoder.id());
    }
    if (h.inputSize() != encoder.hiddenSize()) {
      throw new IllegalArgumentException(
          "head version "
              + h.version()
              + " expects width "
              + h.inputSize()
              + " but encoder "
              + encoder.id()
              + " produces "
              + encoder.hiddenSize());
    }
    if (h.pooling() != encoder.pooling()) {
      throw new IllegalArgumentException(
          "head version "
              + h.version()
              + " was trained on "
              + h.pooling()
              + " pooling but the encoder pools with "
              + encoder.pooling());
    }
    return h;
  }

  @Override
  public void close() {
    encoder.close();
  }
}
