package io.sentimentstream.trainer.cli;

import io.sentimentstream.trainer.data.LabelMapping;
import io.sentimentstream.trainer.data.LabeledData;
import io.sentimentstream.trainer.data.LabeledDataReader;
import io.sentimentstream.trainer.data.LabeledSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * Command-line options that say where one labelled file is and how to read it. A command takes this
 * as a repeatable group: each {@code --data} starts a new file, and the options after it (up to the
 * next {@code --data}) apply to that file only.
 */
public final class DataArgs {
  @Option(
      names = "--data",
      required = true,
      description =
          "Labelled CSV file with a header, or a text file (one text a line) with --labels."
              + " Repeat for several files; the options after a --data apply to that file.")
  Path data;

  @Option(names = "--labels", description = "Label file parallel to a --data text file.")
  Path labels;

  @Option(
      names = "--set-name",
      description =
          "Name of this file's set in reports (default: the file name without extension).")
  String setName;

  @Option(
      names = "--text-column",
      defaultValue = "text",
      description = "CSV column with the text (default: ${DEFAULT-VALUE}).")
  String textColumn = "text";

  @Option(
      names = "--label-column",
      defaultValue = "sentiment",
      description = "CSV column with the label (default: ${DEFAULT-VALUE}).")
  String labelColumn = "sentiment";

  @Option(
      names = "--confidence-column",
      defaultValue = "sentiment_confidence",
      description =
          "CSV column with the annotator confidence, if present; a missing column or an empty"
              + " cell means confidence 1 (default: ${DEFAULT-VALUE}).")
  String confidenceColumn = "sentiment_confidence";

  @Option(
      names = "--label-map",
      defaultValue = "",
      description =
          "Extra label spellings, e.g. '-1=negative,1=positive'. Label names in any case,"
              + " neg/neu/pos and 0/1/2 (negative/neutral/positive) are always understood.")
  String labelMap = "";

  @Option(
      names = "--max-rows",
      defaultValue = "0",
      description = "Read at most this many rows of this file (0 = all).")
  long maxRows;

  /** The {@code --data} file. */
  public Path data() {
    return data;
  }

  /** The options for one file with the default columns and labels. */
  public static DataArgs of(Path file) {
    DataArgs a = new DataArgs();
    a.data = file;
    return a;
  }

  /** The name of this file's set: {@code --set-name}, else the file name without extension. */
  public String name() {
    if (setName != null && !setName.isBlank()) {
      return setName.trim();
    }
    String f = data.getFileName().toString();
    int dot = f.lastIndexOf('.');
    return dot > 0 ? f.substring(0, dot) : f;
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

  /**
   * Reads every file, in command-line order.
   *
   * @throws IllegalArgumentException if two files have the same set name
   */
  public static List<LabeledSet> readAll(List<DataArgs> files) throws IOException {
    Set<String> names = new HashSet<>();
    List<LabeledSet> sets = new ArrayList<>();
    for (DataArgs a : files) {
      if (!names.add(a.name().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "two --data files have the set name '"
                + a.name()
                + "'; give one of them --set-name (at "
                + a.data
                + ")");
      }
      sets.add(new LabeledSet(a.name(), a.data, a.read()));
    }
    return sets;
  }
}
