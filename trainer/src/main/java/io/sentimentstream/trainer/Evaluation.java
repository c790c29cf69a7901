package io.sentimentstream.trainer;

import io.sentimentstream.classifier.Embeddings;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.Label;
import io.sentimentstream.classifier.Prediction;
import io.sentimentstream.trainer.data.LabeledExample;
import java.util.ArrayList;
import java.util.List;

/** Scores a head on labelled, embedded examples the way the stream app would classify them. */
public final class Evaluation {
  private Evaluation() {}

  /**
   * Metrics of {@code head} on pooled vectors {@code rows} whose labels are in {@code examples}.
   */
  public static ClassificationMetrics evaluate(
      Head head, float[][] rows, List<LabeledExample> examples) {
    if (rows.length != examples.size()) {
      throw new IllegalArgumentException(
          rows.length + " vectors for " + examples.size() + " examples");
    }
    List<Label> truth = examples.stream().map(LabeledExample::label).toList();
    if (rows.length == 0) {
      return ClassificationMetrics.of(truth, List.of());
    }
    Prediction[] p = head.predict(new Embeddings(rows, new boolean[rows.length]));
    List<Label> predicted = new ArrayList<>(p.length);
    for (Prediction x : p) {
      predicted.add(x.label());
    }
    return ClassificationMetrics.of(truth, predicted);
  }
}
