package io.sentimentstream.trainer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared labelled data sets (never copied into the project) through the system
 * properties {@code gop.csv}, {@code apple.csv} and {@code brands.csv}, which the parent pom sets
 * for tests.
 */
public final class TestData {
  /** The fast encoder, to keep tests short. */
  public static final String FAST_ENCODER = "all-minilm-l6-v2";

  private TestData() {}

  /** The GOP CSV file. */
  public static Path gopCsv() {
    return file("gop.csv", "gop-debate/Sentiment.csv");
  }

  /** The Apple tweets CSV file. */
  public static Path appleCsv() {
    return file("apple.csv", "apple-tweets/apple.csv");
  }

  /** The brand tweets CSV file. */
  public static Path brandsCsv() {
    return file("brands.csv", "brand-tweets/brands.csv");
  }

  private static Path file(String property, String shared) {
    String p = System.getProperty(property);
    if (p == null || !Files.isRegularFile(Path.of(p))) {
      throw new IllegalStateException(
          "data set not found: system property "
              + property
              + " is "
              + (p == null ? "unset" : "'" + p + "'")
              + "; the build sets it to ../shared/data/"
              + shared
              + " beside the checkout");
    }
    return Path.of(p);
  }
}
