package io.sentimentstream.trainer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared GOP debate data set (never copied into the project) through the system
 * property {@code gop.csv}, which the parent pom sets for tests.
 */
public final class TestData {
  /** The fast encoder, to keep tests short. */
  public static final String FAST_ENCODER = "all-minilm-l6-v2";

  private TestData() {}

  /** The GOP CSV file. */
  public static Path gopCsv() {
    String p = System.getProperty("gop.csv");
    if (p == null || !Files.isRegularFile(Path.of(p))) {
      throw new IllegalStateException(
          "GOP data set not found: system property gop.csv is "
              + (p == null ? "unset" : "'" + p + "'")
              + "; the build sets it to ../shared/data/gop-debate/Sentiment.csv beside the checkout");
    }
    return Path.of(p);
  }
}
