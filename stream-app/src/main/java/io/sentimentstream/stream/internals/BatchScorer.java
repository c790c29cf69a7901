package io.sentimentstream.stream.internals;

import io.sentimentstream.classifier.Prediction;
import io.sentimentstream.stream.SentimentScorer;
import io.sentimentstream.stream.StreamMetrics;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link SentimentScorer} on a batch and isolates failures: if the whole batch throws, each
 * text is retried alone so only the texts that still fail are reported as errors. Every pass that
 * succeeds is timed into the {@link BatchBudget}, whose {@link #cap} sizes the next batches.
 */
public final class BatchScorer {
  private static final Logger log = LoggerFactory.getLogger(BatchScorer.class);

  private final SentimentScorer scorer;
  private final StreamMetrics metrics;
  private final BatchBudget budget;

  /** The result for one text: a prediction, or the error that prevented it. */
  public record Outcome(Prediction prediction, RuntimeException error) {}

  /** Wraps {@code scorer}, timing each batch into {@code metrics} and {@code budget}. */
  public BatchScorer(SentimentScorer scorer, StreamMetrics metrics, BatchBudget budget) {
    this.scorer = scorer;
    this.metrics = metrics;
    this.budget = budget;
  }

  /** Most texts the next call should get, from the batch time budget. */
  public int cap() {
    return budget.cap();
  }

  /** One outcome per text, in input order. */
  public List<Outcome> score(List<String> texts) {
    try {
      List<Prediction> preds = timed(texts);
      List<Outcome> out = new ArrayList<>(preds.size());
      preds.forEach(p -> out.add(new Outcome(p, null)));
      return out;
    } catch (RuntimeException e) {
      if (texts.size() == 1) {
        return List.of(new Outcome(null, e));
      }
      log.warn(
          "Inference failed on a batch of {}; retrying record by record: {}",
          texts.size(),
          e.toString());
      List<Outcome> out = new ArrayList<>(texts.size());
      for (String t : texts) {
        try {
          out.add(new Outcome(timed(List.of(t)).get(0), null));
        } catch (RuntimeException one) {
          out.add(new Outcome(null, one));
        }
      }
      return out;
    }
  }

  private List<Prediction> timed(List<String> texts) {
    long cost = scorer.cost(texts);
    long t0 = System.nanoTime();
    List<Prediction> preds = scorer.score(texts);
    long nanos = System.nanoTime() - t0;
    if (preds == null || preds.size() != texts.size()) {
      throw new IllegalStateException(
          "scorer returned "
              + (preds == null ? "null" : preds.size() + " predictions")
              + " for "
              + texts.size()
              + " texts");
    }
    for (Prediction p : preds) {
      if (p == null) {
        throw new IllegalStateException("scorer returned a null prediction");
      }
    }
    metrics.batch(texts.size(), nanos);
    budget.observe(cost, nanos);
    return preds;
  }
}
