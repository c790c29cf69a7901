package io.sentimentstream.trainer.data;

import java.util.ArrayList;
import java.util.List;

/**
 * One set's own train/validation/test split, made after duplicates were folded across all sets.
 *
 * @param name the set's name
 * @param split its distinct texts, split stratified; {@link DataSplit#duplicateRows()} counts its
 *     rows folded into a text seen earlier (in this set or an earlier one), {@link
 *     DataSplit#conflictingTexts()} the texts of this set whose rows disagreed on the label
 * @param crossSetDuplicates of those duplicate rows, the ones whose text first appeared in an
 *     earlier set (the text is counted there)
 */
public record SetSplit(String name, DataSplit split, long crossSetDuplicates) {

  /**
   * All sets' splits concatenated: train with train, validation with validation, test with test.
   */
  public static DataSplit pooled(List<SetSplit> sets) {
    List<LabeledExample> train = new ArrayList<>();
    List<LabeledExample> val = new ArrayList<>();
    List<LabeledExample> test = new ArrayList<>();
    long dup = 0;
    long conflicting = 0;
    for (SetSplit s : sets) {
      train.addAll(s.split().train());
      val.addAll(s.split().validation());
      test.addAll(s.split().test());
      dup += s.split().duplicateRows();
      conflicting += s.split().conflictingTexts();
    }
    return new DataSplit(train, val, test, dup, conflicting);
  }
}
