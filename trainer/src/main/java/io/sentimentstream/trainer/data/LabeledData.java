package io.sentimentstream.trainer.data;

import java.util.List;

/**
 * Labelled examples read from a file, with counts of what was skipped and why.
 *
 * @param examples usable examples, in file order (duplicates kept)
 * @param rowsRead data rows read
 * @param unknownLabels rows skipped because the label matched no spelling (or, in a CSV file, the
 *     row had the wrong number of columns)
 * @param emptyTexts rows skipped because the text was empty after cleaning
 * @param badConfidence rows whose confidence was unreadable (weight 1 used)
 */
public record LabeledData(
    List<LabeledExample> examples,
    long rowsRead,
    long unknownLabels,
    long emptyTexts,
    long badConfidence) {
  public LabeledData {
    examples = List.copyOf(examples);
  }
}
