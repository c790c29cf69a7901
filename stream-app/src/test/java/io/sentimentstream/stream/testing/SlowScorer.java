package io.sentimentstream.stream.testing;

import io.sentimentstream.classifier.Prediction;
import io.sentimentstream.classifier.TokenizedTexts;
import io.sentimentstream.stream.SentimentScorer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongUnaryOperator;

/**
 * A {@link FakeScorer} that takes real time: each call sleeps a number of milliseconds per text,
 * chosen by a schedule over the texts scored before the call (so a test can make the model slow
 * down mid-stream). Records each call's size and wall time.
 */
public final class SlowScorer implements SentimentScorer {
  /** One call: how many texts and how long it took. */
  public record Call(int texts, long millis) {}

  /** The calls, in order. */
  public final List<Call> calls = new CopyOnWriteArrayList<>();

  private final FakeScorer labels = new FakeScorer();
  private final LongUnaryOperator msPerTextAfter;
  private long scored;

  /** Sleeps {@code msPerTextAfter.applyAsLong(textsScoredSoFar)} ms per text of each call. */
  public SlowScorer(LongUnaryOperator msPerTextAfter) {
    this.msPerTextAfter = msPerTextAfter;
  }

  @Override
  public long modelVersion() {
    return labels.modelVersion();
  }

  @Override
  public synchronized List<Prediction> score(TokenizedTexts pass) {
    List<String> cleanTexts = pass.texts();
    long t0 = System.nanoTime();
    try {
      Thread.sleep(msPerTextAfter.applyAsLong(scored) * cleanTexts.size());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while scoring", e);
    }
    scored += cleanTexts.size();
    List<Prediction> out = labels.score(cleanTexts);
    calls.add(new Call(cleanTexts.size(), (System.nanoTime() - t0) / 1_000_000));
    return out;
  }
}
