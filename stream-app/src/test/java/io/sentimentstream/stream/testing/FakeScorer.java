package io.sentimentstream.stream.testing;

import io.sentimentstream.classifier.Label;
import io.sentimentstream.classifier.Prediction;
import io.sentimentstream.classifier.TokenizedTexts;
import io.sentimentstream.stream.SentimentScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A deterministic scorer for topology tests: "good" -> POSITIVE, "bad" -> NEGATIVE, else NEUTRAL;
 * any batch containing "boom" throws, as does scoring "boom" alone. Records the batch sizes.
 */
public final class FakeScorer implements SentimentScorer {
  /** Sizes of the batches scored, in call order. */
  public final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

  private volatile long version = 1;

  /** Simulates a model swap. */
  public void version(long v) {
    version = v;
  }

  @Override
  public long modelVersion() {
    return version;
  }

  @Override
  public List<Prediction> score(TokenizedTexts pass) {
    return score(pass.texts());
  }

  /** Scores texts as one pass (see the class comment). */
  public List<Prediction> score(List<String> cleanTexts) {
    batchSizes.add(cleanTexts.size());
    List<Prediction> out = new ArrayList<>();
    for (String t : cleanTexts) {
      if (t.contains("boom")) {
        throw new IllegalStateException("model exploded on '" + t + "'");
      }
      Label l =
          t.contains("good") ? Label.POSITIVE : t.contains("bad") ? Label.NEGATIVE : Label.NEUTRAL;
      float[] p = {0.1f, 0.1f, 0.1f};
      p[l.ordinal()] = 0.8f;
      out.add(new Prediction(l, p, false, version));
    }
    return out;
  }
}
