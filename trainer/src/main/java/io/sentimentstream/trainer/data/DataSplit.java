package io.sentimentstream.trainer.data;

import io.sentimentstream.classifier.Label;
import java.util.List;

/**
 * Train, validation and test sets of distinct cleaned texts: no text appears in two sets.
 *
 * @param train examples the head is fitted on
 * @param validation examples for early stopping and bias tuning
 * @param test held-out examples the reported metrics come from
 * @param duplicateRows input rows folded into another row with the same cleaned text
 * @param conflictingTexts distinct texts whose rows disagreed on the label (majority kept)
 */
public record DataSplit(
    List<LabeledExample> train,
    List<LabeledExample> validation,
    List<LabeledExample> test,
    long duplicateRows,
    long conflictingTexts) {
  public DataSplit {
    train = List.copyOf(train);
    validation = List.copyOf(validation);
    test = List.copyOf(test);
  }

  /** Number of examples per label in {@code examples}, indexed by {@link Label#ordinal()}. */
  public static int[] classCounts(List<LabeledExample> examples) {
    int[] counts = new int[Label.ORDER.size()];
    for (LabeledExample e : examples) {
      counts[e.label().ordinal()]++;
    }
    return counts;
  }
}
