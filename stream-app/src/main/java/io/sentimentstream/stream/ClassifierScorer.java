package io.sentimentstream.stream;

import io.sentimentstream.classifier.Adapters;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderId;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.Prediction;
import io.sentimentstream.classifier.SentimentClassifier;
import io.sentimentstream.classifier.TokenizedTexts;
import java.util.List;

/**
 * The production scorer: the BERT {@link SentimentClassifier}, whose head the model-update listener
 * swaps between passes. Thread-safe: stream threads score concurrently while the listener swaps
 * heads; a pass in progress finishes with the head it started with.
 */
public final class ClassifierScorer implements SentimentScorer, AutoCloseable {
  private final SentimentClassifier classifier;
  private final StreamMetrics metrics;

  /** Wraps {@code classifier} (closed with this scorer). */
  public ClassifierScorer(SentimentClassifier classifier, StreamMetrics metrics) {
    this.classifier = classifier;
    this.metrics = metrics;
    metrics.modelVersion(classifier.head().version());
  }

  @Override
  public TokenizedTexts tokenize(List<String> cleanTexts) {
    return classifier.tokenize(cleanTexts);
  }

  @Override
  public List<Prediction> score(TokenizedTexts pass) {
    return classifier.classify(pass);
  }

  @Override
  public long modelVersion() {
    return classifier.head().version();
  }

  /**
   * Swaps the head for the next passes; predictions the old head made are no longer reused.
   *
   * @throws IllegalArgumentException if the head does not fit the encoder (the old head stays)
   */
  public void replaceHead(Head next) {
    classifier.replaceHead(next);
    metrics.updateApplied(next.version());
  }

  /**
   * Swaps head and adapters together for the next passes (null adapters: the base weights); the
   * adapters are merged into a copy of the base weights first. Predictions of the old model are no
   * longer reused (the text cache is keyed by model version, which the head carries).
   *
   * @throws IllegalArgumentException if head or adapters do not fit the encoder (the old model
   *     stays)
   */
  public void replaceModel(Head next, Adapters adapters) {
    classifier.replaceModel(next, adapters);
    metrics.updateApplied(next.version());
  }

  /** The adapters now merged into the encoder's weights, or null. */
  public Adapters adapters() {
    return classifier.adapters();
  }

  /** The running encoder (the update check asks it whether adapters fit). */
  public Encoder encoder() {
    return classifier.encoder();
  }

  /** The head now serving. */
  public Head head() {
    return classifier.head();
  }

  /** The running encoder's identity. */
  public EncoderId encoderId() {
    return classifier.encoder().id();
  }

  /** The wrapped classifier. */
  public SentimentClassifier classifier() {
    return classifier;
  }

  @Override
  public void close() {
    classifier.close();
  }
}
