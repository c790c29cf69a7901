package io.sentimentstream.stream;

import io.sentimentstream.classifier.Prediction;
import java.util.List;

/**
 * Scores a batch of already-cleaned tweet texts. The topology depends only on this, so tests can
 * run it with a fake and production with the BERT classifier.
 */
public interface SentimentScorer {
  /**
   * Returns one prediction per text, in input order; each names the model version that made it.
   *
   * @throws RuntimeException if inference fails; the topology then retries the batch record by
   *     record and dead-letters only the texts that still fail
   */
  List<Prediction> score(List<String> cleanTexts);

  /**
   * Cost units that {@link #score} of these texts would compute now (tokens for a BERT model; texts
   * answered from a cache cost nothing). The batch budget divides measured time by it. Default: one
   * unit per text.
   */
  default long cost(List<String> cleanTexts) {
    return cleanTexts.size();
  }

  /** The most cost units one text can take (the model's maximum length). Default: 1. */
  default int maxCostPerText() {
    return 1;
  }
}
