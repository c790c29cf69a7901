package io.sentimentstream.trainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Locates the shared GOP debate data set (never copied into the project): system property {@code
 * gop.csv}, else {@code shared/data/gop-debate/Sentiment.csv} beside the checkout.
 */
public final class TestData {
  /** The fast encoder, to keep tests short. */
  public static final String FAST_ENCODER = "all-minilm-l6-v2";

  private TestData() {}

  /** The GOP CSV file. */
  public static Path gopCsv() {
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
}
