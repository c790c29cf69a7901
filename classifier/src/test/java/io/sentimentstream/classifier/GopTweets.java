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
 * is named by the system property {@code gop.csv}, which the parent pom sets for tests and
 * benchmarks.
 */
public final class GopTweets {
  private GopTweets() {}

  /** The data file. */
  public static Path file() {
    String p = System.getProperty("gop.csv");
    if (p == null || !Files.isRegularFile(Path.of(p))) {
      throw new IllegalStateException(
          "GOP data set not found: system property gop.csv is "
              + (p == null ? "unset" : "'" + p + "'")
              + "; the build sets it to ../shared/data/gop-debate/Sentiment.csv beside the checkout");
    }
    return Path.of(p);
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
