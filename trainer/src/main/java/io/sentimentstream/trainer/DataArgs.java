package io.sentimentstream.trainer;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Command-line options that say where labelled data is and how to read it. */
public final class DataArgs {
  @Option(
      names = "--data",
      required = true,
      description =
          "Labelled CSV file with a header, or a text file (one text a line) with --labels.")
  Path data;

  @Option(names = "--labels", description = "Label file parallel to a --data text file.")
  Path labels;

  @Option(
      names = "--text-column",
      defaultValue = "text",
      description = "CSV column with the text (default: ${DEFAULT-VALUE}).")
  String textColumn;

  @Option(
      names = "--label-column",
      defaultValue = "sentiment",
      description = "CSV column with the label (default: ${DEFAULT-VALUE}).")
  String labelColumn;

  @Option(
      names = "--confidence-column",
      defaultValue = "sentiment_confidence",
      description =
          "CSV column with the annotator confidence, if present (default: " + "${DEFAULT-VALUE}).")
  String confidenceColumn;

  @Option(
      names = "--label-map",
      defaultValue = "",
      description =
          "Extra label spellings, e.g. '-1=negative,1=positive'. Label names in any case,"
              + " neg/neu/pos and 0/1/2 (negative/neutral/positive) are always understood.")
  String labelMap;

  @Option(
      names = "--max-rows",
      defaultValue = "0",
      description = "Read at most this many rows (0 = all).")
  long maxRows;

  /** The {@code --data} file. */
  public Path data() {
    return data;
  }

  /** Reads the data these options describe. */
  public LabeledData read() throws IOException {
    LabelMapping mapping = LabelMapping.parse(labelMap);
    if (labels != null) {
      LabeledData d = LabeledDataReader.readParallel(data, labels, mapping);
      if (maxRows > 0 && d.examples().size() > maxRows) {
        return new LabeledData(
            d.examples().subList(0, (int) maxRows),
            d.rowsRead(),
            d.unknownLabels(),
            d.emptyTexts(),
            d.badConfidence());
      }
      return d;
    }
    return LabeledDataReader.readCsv(
        data,
        new LabeledDataReader.Columns(textColumn, labelColumn, confidenceColumn),
        mapping,
        maxRows);
  }
}
