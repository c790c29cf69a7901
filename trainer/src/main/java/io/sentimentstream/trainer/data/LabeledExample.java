package io.sentimentstream.trainer.data;

import io.sentimentstream.classifier.Label;
import java.util.Objects;

/**
 * One labelled text, already cleaned with {@link io.sentimentstream.classifier.TextCleaner}.
 *
 * @param cleanText the cleaned text (never empty)
 * @param label its label
 * @param confidence the annotator's confidence in [0, 1]; 1 when unknown
 */
public record LabeledExample(String cleanText, Label label, double confidence) {
  public LabeledExample {
    Objects.requireNonNull(cleanText, "cleanText");
    Objects.requireNonNull(label, "label");
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence " + confidence + " is not in [0, 1]");
    }
  }
}
