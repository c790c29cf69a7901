package io.sentimentstream.stream;

import io.sentimentstream.classifier.Prediction;
import io.sentimentstream.classifier.TokenizedTexts;
import java.util.List;

/**
 * A model that scores already-cleaned tweet texts. The topology depends only on this, so tests can
 * run it with a fake and production with the BERT classifier. What a flush holds, which texts are
 * answered from the cache and how passes are cut is decided elsewhere (the batch former); a scorer
 * only tokenizes and runs passes.
 */
public interface SentimentScorer {
  /**
   * The texts as the model reads them, cut to its maximum length. The default, for models without a
   * tokenizer, counts one token per text.
   */
  default TokenizedTexts tokenize(List<String> cleanTexts) {
    return TokenizedTexts.untokenized(cleanTexts, 1);
  }

  /**
   * Scores one forward pass: one prediction per text, in order; each names the model version that
   * made it.
   *
   * @throws RuntimeException if inference fails; the texts are then retried one by one and only
   *     those that still fail are dead-lettered
   */
  List<Prediction> score(TokenizedTexts pass);

  /** The version of the model now serving; predictions of another version are not reused. */
  long modelVersion();
}
