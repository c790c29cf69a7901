package io.sentimentstream.classifier;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads real tweets from the shared GOP debate data set (never copied into the project). The file
 * is found via the system property {@code gop.csv}, else under {@code shared/data/gop-debate/} next
 * to the checkout (tests run in the module directory, exec:java in the root).
 */
public final class GopTweets {
  private GopTweets() {}

  /** The data file. */
  public static Path file() {
    String p = System.getProperty("gop.csv");
    Path relative = Path.of("shared", "data", "gop-debate", "Sentiment.csv");
    List<Path> candidates =
        p != null
            ? List.of(Path.of(p))
            : List.of(Path.of("..", "..").resolve(relative), Path.of("..").resolve(relative));
    for (Path c : candidates) {
      if (Files.isRegularFile(c)) {
        return c;
      }
    }
    throw new IllegalStateException(
        "GOP data set not found at " + candidates + " (set -Dgop.csv=...)");
  }

  /** The first {@code limit} tweets' raw text, in file order (all when limit < 0). */
  public static List<String> texts(int limit) {
    List<String> out = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(file(), StandardCharsets.UTF_8);
        CSVParser csv =
            CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
      for (CSVRecord rec : csv) {
        if (limit >= 0 && out.size() >= limit) {
          break;
        }
        out.add(rec.get("text"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The first {@code limit} tweets, cleaned, distinct, in file order. */
  public static List<String> distinctCleaned(int limit) {
    List<String> out = new ArrayList<>();
    for (String t : texts(-1)) {
      String c = TextCleaner.clean(t);
      if (!out.contains(c)) {
        out.add(c);
      }
      if (out.size() == limit) {
        break;
      }
    }
    return out;
  }
}
