package io.sentimentstream.stream.internals;

import io.sentimentstream.classifier.ForwardPasses;
import io.sentimentstream.classifier.Prediction;
import io.sentimentstream.classifier.TokenizedTexts;
import io.sentimentstream.stream.SentimentScorer;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.StreamMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides what a flush holds and how it is computed. One per app, shared by
 * every task and stream thread. How a batch is formed:
 *
 * <ol>
 *   <li><b>When.</b> Each task buffers its tweets (see {@link MicroBatchProcessor}) and tells the
 *       former ({@link #buffered}). A task flushes when its buffer holds {@link #cap} texts, when
 *       all tasks together do ({@link #full}: with P partitions each buffer fills at 1/P of the
 *       traffic), when its oldest tweet has waited {@code batch.max.delay.ms}, or early when
 *       another task's pass already computed its next texts ({@link #computedForIt}). A flush takes
 *       at most {@link #cap} buffered texts, oldest first.
 *   <li><b>The cap.</b> A flush runs inside one {@code process()} or punctuator call, so its worst
 *       case (every text max-length, plus retrying each alone) must fit a share of Kafka's
 *       deadlines. {@link BatchBudget} times every pass into a cost model and gives the largest row
 *       count that fits, at most {@code batch.max.size}.
 *   <li><b>The cache.</b> Texts the {@link TextCache} knows (made by the model now serving) need no
 *       inference; identical texts within the flush are computed once.
 *   <li><b>Look-ahead.</b> A pass with room is topped up to the cap with texts other tasks wait for
 *       ({@link WaitingTexts}), oldest first; their predictions are kept in the same cache until
 *       their owners flush. Each owner still emits its own results in its own call, so output,
 *       buffer changelog and offsets commit together: a kept prediction is memoized work, not
 *       state. Two threads may compute a text twice; nobody emits it twice.
 *   <li><b>Tokens, once.</b> The texts to compute are tokenized once; those tokens give the cost
 *       the budget learns from and feed the forward passes.
 *   <li><b>Passes.</b> The tokens are sorted by length and cut into passes of at most {@value
 *       ForwardPasses#MAX_ROWS} rows and {@value ForwardPasses#TOKEN_BUDGET} padded tokens ({@link
 *       ForwardPasses}), so short tweets go many to a pass and none pads to a long one.
 *   <li><b>Failure.</b> If a pass throws, the flush's own texts are retried one by one on their
 *       tokens; a text that still fails is its own fault only if the model answered another text of
 *       the flush, else it is {@link Outcome#retryable}. Taken texts go back to the pool.
 * </ol>
 */
public final class BatchFormer {
  private static final Logger log = LoggerFactory.getLogger(BatchFormer.class);

  /** Room for kept predictions, per text of {@code batch.max.size}. */
  private static final int KEPT_PER_BATCH_TEXT = 64;

  private final SentimentScorer scorer;
  private final BatchBudget budget;
  private final TextCache cache;
  private final WaitingTexts waiting = new WaitingTexts();
  private final StreamMetrics metrics;

  /**
   * The result for one text: a prediction, or the error that prevented it. {@code retryable} when
   * no text of the failed flush could be scored either: nothing points at this text rather than at
   * the model, so it may well score once the model works again.
   */
  public record Outcome(Prediction prediction, RuntimeException error, boolean retryable) {
    static Outcome of(Prediction p) {
      return new Outcome(p, null, false);
    }
  }

  BatchFormer(SentimentScorer scorer, BatchBudget budget, TextCache cache, StreamMetrics metrics) {
    this.scorer = scorer;
    this.budget = budget;
    this.cache = cache;
    this.metrics = metrics;
  }

  /** A former with the app's cache settings ({@code cache.max.entries}, {@code batch.max.size}). */
  public static BatchFormer of(
      StreamConfig cfg, SentimentScorer scorer, BatchBudget budget, StreamMetrics metrics) {
    TextCache cache =
        new TextCache(
            cfg.getInt(StreamConfig.CACHE_MAX_ENTRIES),
            cfg.getInt(StreamConfig.BATCH_MAX_SIZE) * KEPT_PER_BATCH_TEXT);
    return new BatchFormer(scorer, budget, cache, metrics);
  }

  /** Most texts the next flush may take. */
  public int cap() {
    return budget.cap();
  }

  /** A task buffered an entry with this text. */
  public void buffered(String text) {
    waiting.add(text);
  }

  /** A task let go of a buffered entry without flushing it (it moved to another instance). */
  public void released(String text) {
    waiting.remove(text);
  }

  /** Whether a task with {@code pending} buffered texts should flush now. */
  public boolean full(int pending) {
    return pending >= cap() || waiting.waiting() >= cap();
  }

  /** True if another task's pass already computed every one of these texts for their owner. */
  public boolean computedForIt(List<String> texts) {
    return cache.allKept(texts, scorer.modelVersion());
  }

  /** One outcome per text of a flush, in order; the texts are no longer waiting afterwards. */
  public List<Outcome> flush(List<String> texts) {
    try {
      return score(texts);
    } finally {
      texts.forEach(waiting::remove);
    }
  }

  private List<Outcome> score(List<String> texts) {
    long version = scorer.modelVersion();
    Outcome[] out = new Outcome[texts.size()];
    Map<String, List<Integer>> misses = new LinkedHashMap<>();
    int reused = 0;
    int kept = 0;
    for (int i = 0; i < out.length; i++) {
      TextCache.Hit hit = cache.get(texts.get(i), version);
      if (hit != null) {
        out[i] = Outcome.of(hit.prediction());
        reused += hit.kept() ? 0 : 1;
        kept += hit.kept() ? 1 : 0;
      } else {
        misses.computeIfAbsent(texts.get(i), t -> new ArrayList<>()).add(i);
      }
    }
    List<String> own = new ArrayList<>(misses.keySet());
    List<String> others =
        own.isEmpty()
            ? List.of()
            : waiting.take(
                Math.max(0, cap() - own.size()),
                t -> misses.containsKey(t) || cache.has(t, version));
    // A text repeated within the flush is computed once too, so it counts as a hit; predictions
    // kept for this task count as neither (that work was counted by the pass that did it).
    int duplicates = out.length - reused - kept - own.size();
    metrics.cache(reused + duplicates, own.size() + others.size());
    if (own.isEmpty()) {
      return List.of(out);
    }
    int answered = out.length - kept + others.size(); // texts this flush's pass call answers
    Prediction[] computed = new Prediction[own.size()];
    RuntimeException[] errors = new RuntimeException[own.size()];
    boolean retryable = compute(own, others, answered, reused > 0, computed, errors);
    for (int j = 0; j < own.size(); j++) {
      Outcome o =
          computed[j] != null ? Outcome.of(computed[j]) : new Outcome(null, errors[j], retryable);
      for (int i : misses.get(own.get(j))) {
        out[i] = o;
      }
    }
    return List.of(out);
  }

  /**
   * Computes {@code own} (topped up with {@code others}) into {@code computed}, or on failure one
   * by one into {@code computed} and {@code errors}; returns whether the failures are retryable.
   */
  private boolean compute(
      List<String> own,
      List<String> others,
      int answered,
      boolean modelAnswered,
      Prediction[] computed,
      RuntimeException[] errors) {
    List<String> texts = new ArrayList<>(own);
    texts.addAll(others);
    TokenizedTexts tokens = null;
    try {
      tokens = scorer.tokenize(texts);
      Prediction[] preds = timed(tokens, answered);
      System.arraycopy(preds, 0, computed, 0, own.size());
      for (int k = 0; k < others.size(); k++) {
        cache.keep(others.get(k), preds[own.size() + k]);
      }
      for (int j = 0; j < own.size(); j++) {
        cache.put(own.get(j), preds[j]);
      }
      return false;
    } catch (RuntimeException e) {
      waiting.untake(others); // their owners will compute them
      if (own.size() == 1 && !modelAnswered) {
        errors[0] = e; // alone: the text or the model, unknown
        return true;
      }
      log.warn(
          "Inference failed on a batch of {}; retrying record by record: {}",
          texts.size(),
          e.toString());
      boolean modelWorks = modelAnswered;
      for (int j = 0; j < own.size(); j++) {
        try {
          TokenizedTexts one =
              tokens != null ? tokens.rows(new int[] {j}) : scorer.tokenize(List.of(own.get(j)));
          computed[j] = timed(one, 1)[0];
          cache.put(own.get(j), computed[j]);
          modelWorks = true;
        } catch (RuntimeException alone) {
          errors[j] = alone;
        }
      }
      // A failure is the text's own only if the model scored another text of this flush.
      return !modelWorks;
    }
  }

  /**
   * Runs the passes over {@code tokens}, timed into the budget as one flush of {@code answered}.
   */
  private Prediction[] timed(TokenizedTexts tokens, int answered) {
    long t0 = System.nanoTime();
    Prediction[] out = new Prediction[tokens.size()];
    for (int[] rows : ForwardPasses.plan(tokens)) {
      List<Prediction> preds = scorer.score(tokens.rows(rows));
      if (preds == null || preds.size() != rows.length) {
        throw new IllegalStateException(
            "scorer returned "
                + (preds == null ? "null" : preds.size() + " predictions")
                + " for "
                + rows.length
                + " texts");
      }
      for (int j = 0; j < rows.length; j++) {
        if (preds.get(j) == null) {
          throw new IllegalStateException("scorer returned a null prediction");
        }
        out[rows[j]] = preds.get(j);
      }
    }
    long nanos = System.nanoTime() - t0;
    metrics.batch(answered, nanos);
    budget.observe(tokens, nanos);
    return out;
  }
}
