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
 * succeeds and ran inference (not all cache hits) is timed into the {@link BatchBudget}, whose
 * {@link #cap} sizes the next batches, and a pass with room takes texts other tasks wait for
 * ({@link LookAhead}).
 */
public final class BatchScorer {
  private static final Logger log = LoggerFactory.getLogger(BatchScorer.class);

  private final SentimentScorer scorer;
  private final StreamMetrics metrics;
  private final BatchBudget budget;
  private final LookAhead lookAhead;

  /**
   * The result for one text: a prediction, or the error that prevented it. {@code retryable} when
   * no text of the failed batch could be scored alone either: nothing points at this text rather
   * than at the model, so it may well score once the model works again.
   */
  public record Outcome(Prediction prediction, RuntimeException error, boolean retryable) {
    static Outcome of(Prediction p) {
      return new Outcome(p, null, false);
    }
  }

  /** Wraps {@code scorer}, timing each batch into {@code metrics} and {@code budget}. */
  public BatchScorer(
      SentimentScorer scorer, StreamMetrics metrics, BatchBudget budget, LookAhead lookAhead) {
    this.scorer = scorer;
    this.metrics = metrics;
    this.budget = budget;
    this.lookAhead = lookAhead;
  }

  /** Most texts the next call should get, from the batch time budget. */
  public int cap() {
    return budget.cap();
  }

  /** Tracks what all tasks wait for, so a pass with room can compute for them too. */
  public LookAhead lookAhead() {
    return lookAhead;
  }

  /**
   * One outcome per text, in input order. Texts another task's pass already computed are answered
   * from the {@link LookAhead}; the rest go into one pass, topped up to the cap with texts other
   * tasks wait for.
   */
  public List<Outcome> score(List<String> texts) {
    Outcome[] out = new Outcome[texts.size()];
    List<Integer> missAt = new ArrayList<>();
    List<String> misses = new ArrayList<>();
    for (int i = 0; i < out.length; i++) {
      Prediction p = lookAhead.claim(texts.get(i));
      if (p != null) {
        out[i] = Outcome.of(p);
      } else {
        missAt.add(i);
        misses.add(texts.get(i));
      }
    }
    if (!misses.isEmpty()) {
      List<Outcome> computed = scoreWithOthers(misses);
      for (int j = 0; j < missAt.size(); j++) {
        out[missAt.get(j)] = computed.get(j);
      }
    }
    return List.of(out);
  }

  private List<Outcome> scoreWithOthers(List<String> texts) {
    List<String> others = lookAhead.take(Math.max(0, cap() - texts.size()), texts);
    List<String> pass = new ArrayList<>(texts);
    pass.addAll(others);
    try {
      List<Prediction> preds = timed(pass);
      for (int k = 0; k < others.size(); k++) {
        lookAhead.keep(others.get(k), preds.get(texts.size() + k));
      }
      List<Outcome> out = new ArrayList<>(texts.size());
      preds.subList(0, texts.size()).forEach(p -> out.add(Outcome.of(p)));
      return out;
    } catch (RuntimeException e) {
      lookAhead.untake(others); // their owners will compute them
      if (texts.size() == 1) {
        return List.of(new Outcome(null, e, true)); // alone: the text or the model, unknown
      }
      log.warn(
          "Inference failed on a batch of {}; retrying record by record: {}",
          pass.size(),
          e.toString());
      List<Prediction> alone = new ArrayList<>(texts.size());
      List<RuntimeException> errors = new ArrayList<>(texts.size());
      for (String t : texts) {
        try {
          alone.add(timed(List.of(t)).get(0));
          errors.add(null);
        } catch (RuntimeException one) {
          alone.add(null);
          errors.add(one);
        }
      }
      // A failure is the text's own only if the model scored another text of this batch meanwhile.
      boolean modelWorks = alone.stream().anyMatch(java.util.Objects::nonNull);
      List<Outcome> out = new ArrayList<>(texts.size());
      for (int i = 0; i < texts.size(); i++) {
        out.add(new Outcome(alone.get(i), errors.get(i), errors.get(i) != null && !modelWorks));
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
    if (cost > 0) {
      // A call the cache answered whole ran no inference: counted, it would pull the mean pass
      // time toward zero (the budget ignores it too).
      metrics.batch(texts.size(), nanos);
      budget.observe(cost, nanos);
    }
    return preds;
  }
}
