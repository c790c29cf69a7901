package io.sentimentstream.trainer.internals;

import io.sentimentstream.classifier.Label;
import io.sentimentstream.classifier.Prediction;
import io.sentimentstream.trainer.data.LabeledExample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A CSV file of per-row predictions: set, cleaned text, true label, predicted label, probabilities.
 */
public final class PredictionsFile implements AutoCloseable {
  private final CSVPrinter out;

  /** Creates (or replaces) {@code file} and writes the header. */
  public PredictionsFile(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    out =
        new CSVPrinter(
            Files.newBufferedWriter(file, StandardCharsets.UTF_8),
            CSVFormat.RFC4180.builder().setRecordSeparator('\n').get());
    out.printRecord("set", "text", "label", "predicted", "p_negative", "p_neutral", "p_positive");
  }

  /** One record per example, in order. */
  public void write(String set, List<LabeledExample> examples, Prediction[] predicted) {
    try {
      for (int i = 0; i < examples.size(); i++) {
        float[] p = predicted[i].probabilities();
        out.printRecord(
            set,
            examples.get(i).cleanText(),
            examples.get(i).label(),
            predicted[i].label(),
            f(p[Label.NEGATIVE.ordinal()]),
            f(p[Label.NEUTRAL.ordinal()]),
            f(p[Label.POSITIVE.ordinal()]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write predictions", e);
    }
  }

  private static String f(float v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
