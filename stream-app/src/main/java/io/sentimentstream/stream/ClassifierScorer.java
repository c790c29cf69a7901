package io.sentimentstream.stream;

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
