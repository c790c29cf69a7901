package io.sentimentstream.stream;

import io.sentimentstream.classifier.EncoderId;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.Prediction;
import io.sentimentstream.classifier.SentimentClassifier;
import io.sentimentstream.stream.internals.LruCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The production scorer: the BERT {@link SentimentClassifier} behind an identical-text LRU cache
 * (cleaned text -> prediction), so retweets cost no inference. The cache is cleared when the head
 * is swapped, and a hit only counts if it was made by the head now serving.
 *
 * <p>Thread-safe: stream threads score concurrently while the model listener swaps heads.
 */
public final class ClassifierScorer implements SentimentScorer, AutoCloseable {
  private final SentimentClassifier classifier;
  private final LruCache<String, Prediction> cache;
  private final StreamMetrics metrics;

  /**
   * Wraps {@code classifier} (closed with this scorer).
   *
   * @param cacheMaxEntries cache size; 0 disables it
   */
  public ClassifierScorer(
      SentimentClassifier classifier, int cacheMaxEntries, StreamMetrics metrics) {
    this.classifier = classifier;
    this.cache = new LruCache<>(cacheMaxEntries);
    this.metrics = metrics;
    metrics.modelVersion(classifier.head().version());
  }

  @Override
  public List<Prediction> score(List<String> cleanTexts) {
    long version = classifier.head().version();
    Prediction[] out = new Prediction[cleanTexts.size()];
    Map<String, List<Integer>> misses = new LinkedHashMap<>();
    for (int i = 0; i < out.length; i++) {
      String text = cleanTexts.get(i);
      Prediction hit = cache.get(text);
      if (hit != null && hit.modelVersion() == version) {
        out[i] = hit;
      } else {
        misses.computeIfAbsent(text, t -> new ArrayList<>()).add(i);
      }
    }
    // A text repeated within the batch is computed once too, so it counts as a hit.
    metrics.cache(out.length - misses.size(), misses.size());
    if (!misses.isEmpty()) {
      List<String> distinct = new ArrayList<>(misses.keySet());
      List<Prediction> computed = classifier.classify(distinct);
      for (int j = 0; j < distinct.size(); j++) {
        Prediction p = computed.get(j);
        cache.put(distinct.get(j), p);
        for (int i : misses.get(distinct.get(j))) {
          out[i] = p;
        }
      }
    }
    return List.of(out);
  }

  /** Tokens of the distinct texts the cache cannot answer with the head now serving. */
  @Override
  public long cost(List<String> cleanTexts) {
    long version = classifier.head().version();
    List<String> misses = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String t : cleanTexts) {
      Prediction hit = cache.get(t);
      if ((hit == null || hit.modelVersion() != version) && seen.add(t)) {
        misses.add(t);
      }
    }
    long sum = 0;
    for (int n : classifier.encoder().tokenCounts(misses)) {
      sum += n;
    }
    return sum;
  }

  @Override
  public int maxCostPerText() {
    return classifier.encoder().maxLength();
  }

  /**
   * Swaps the head for the next batches and clears the cache.
   *
   * @throws IllegalArgumentException if the head does not fit the encoder (the old head stays)
   */
  public void replaceHead(Head next) {
    classifier.replaceHead(next);
    cache.clear();
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
