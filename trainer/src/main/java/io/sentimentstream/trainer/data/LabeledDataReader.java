package io.sentimentstream.trainer.data;

import io.sentimentstream.classifier.Label;
import io.sentimentstream.classifier.TextCleaner;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads labelled texts from a CSV file with a header (RFC 4180, multi-line quoted texts allowed) or
 * from a text file with a parallel label file (one text and one label per line). Texts are cleaned
 * with {@link TextCleaner}; rows with unknown labels or texts empty after cleaning are counted and
 * skipped with a log line naming the row, never an error.
 */
public final class LabeledDataReader {
  private static final Logger log = LoggerFactory.getLogger(LabeledDataReader.class);
  private static final int MAX_LOGGED = 20;

  /**
   * Column names of a CSV file.
   *
   * @param text the text column
   * @param label the label column
   * @param confidence the annotator-confidence column, or null to give every row confidence 1
   */
  public record Columns(String text, String label, String confidence) {
    /**
     * The GOP debate file's columns: {@code text}, {@code sentiment}, {@code sentiment_confidence}.
     */
    public static Columns defaults() {
      return new Columns("text", "sentiment", "sentiment_confidence");
    }
  }

  private LabeledDataReader() {}

  /**
   * Reads a CSV file. A missing confidence column is ignored (confidence 1); a missing text or
   * label column is an error naming the column and the columns present.
   *
   * @param maxRows stop after this many data rows (0 = all)
   */
  public static LabeledData readCsv(Path file, Columns columns, LabelMapping labels, long maxRows)
      throws IOException {
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.parse(in, format)) {
      List<String> header = parser.getHeaderNames();
      requireColumn(file, header, columns.text(), "text");
      requireColumn(file, header, columns.label(), "label");
      boolean hasConfidence = columns.confidence() != null && header.contains(columns.confidence());
      Counter c = new Counter(file);
      for (CSVRecord r : parser) {
        if (maxRows > 0 && c.rows >= maxRows) {
          break;
        }
        if (!r.isConsistent()) {
          c.skipUnreadable(r.getRecordNumber());
          continue;
        }
        String conf = hasConfidence ? r.get(columns.confidence()) : null;
        c.accept(r.getRecordNumber(), r.get(columns.text()), r.get(columns.label()), conf, labels);
      }
      return c.result();
    }
  }

  /**
   * Reads a text file and a parallel label file, line by line.
   *
   * @throws IllegalArgumentException if the files have different numbers of lines
   */
  public static LabeledData readParallel(Path texts, Path labelFile, LabelMapping labels)
      throws IOException {
    List<String> t = Files.readAllLines(texts, StandardCharsets.UTF_8);
    List<String> l = Files.readAllLines(labelFile, StandardCharsets.UTF_8);
    if (t.size() != l.size()) {
      throw new IllegalArgumentException(
          String.format(
              java.util.Locale.ROOT,
              "%s has %d lines but label file %s has %d",
              texts,
              t.size(),
              labelFile,
              l.size()));
    }
    Counter c = new Counter(texts);
    for (int i = 0; i < t.size(); i++) {
      c.accept(i + 1, t.get(i), l.get(i), null, labels);
    }
    return c.result();
  }

  private static void requireColumn(Path file, List<String> header, String column, String role) {
    if (!header.contains(column)) {
      throw new IllegalArgumentException(
          "CSV file " + file + " has no " + role + " column '" + column + "'; columns: " + header);
    }
  }

  /** Accumulates examples and skip counts for one file. */
  private static final class Counter {
    private final Path file;
    private final List<LabeledExample> examples = new ArrayList<>();
    private long rows;
    private long unknown;
    private long empty;
    private long badConfidence;

    Counter(Path file) {
      this.file = file;
    }

    void skipUnreadable(long row) {
      rows++;
      unknown++;
      logSkip("row {} of {} has the wrong number of columns: skipped", row);
    }

    void accept(long row, String text, String rawLabel, String rawConf, LabelMapping labels) {
      rows++;
      Optional<Label> label = labels.map(rawLabel);
      if (label.isEmpty()) {
        unknown++;
        logSkip("row {} of {} has unknown label '" + rawLabel + "': skipped", row);
        return;
      }
      String clean = TextCleaner.clean(text);
      if (clean.isEmpty()) {
        empty++;
        logSkip("row {} of {} has no text after cleaning: skipped", row);
        return;
      }
      examples.add(new LabeledExample(clean, label.get(), confidence(row, rawConf)));
    }

    private double confidence(long row, String raw) {
      if (raw == null || raw.isBlank()) {
        return 1.0;
      }
      try {
        double v = Double.parseDouble(raw.trim());
        if (v >= 0 && v <= 1) {
          return v;
        }
      } catch (NumberFormatException e) {
        // counted below
      }
      badConfidence++;
      logSkip("row {} of {} has an unreadable confidence '" + raw + "': weight 1 used", row);
      return 1.0;
    }

    private void logSkip(String message, long row) {
      if (unknown + empty + badConfidence <= MAX_LOGGED) {
        log.warn(message, row, file);
      }
    }

    LabeledData result() {
      if (unknown + empty + badConfidence > MAX_LOGGED) {
        log.warn("{}: further skipped rows not logged individually", file);
      }
      log.info(
          "{}: {} rows, {} usable, {} unknown labels, {} empty after cleaning",
          file,
          rows,
          examples.size(),
          unknown,
          empty);
      return new LabeledData(examples, rows, unknown, empty, badConfidence);
    }
  }
}
