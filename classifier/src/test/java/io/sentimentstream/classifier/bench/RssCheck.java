package io.sentimentstream.classifier.bench;

import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderOptions;
import io.sentimentstream.classifier.Encoders;
import io.sentimentstream.classifier.GopTweets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Runs many small batches through the fast encoder's full {@code embed} path (tokenizer, length
 * grouping, forward, pooling) and prints the process RSS from /proc/self/status at the start, every
 * tenth of the way, and at the end: native memory must stay flat (each batch's tensors are freed
 * with its sub-manager).
 */
public final class RssCheck {
  private RssCheck() {}

  /**
   * Runs the check alone, in a JVM of its own (fixed heap, so RSS growth can only be native):
   * {@code mvn -B -q -pl classifier exec:exec@rss-check}. Argument: number of batches (default
   * 10000).
   */
  public static void main(String[] args) throws IOException {
    run(args.length > 0 ? Integer.parseInt(args[0]) : 10_000);
  }

  static void run(int batches) throws IOException {
    List<String> tweets = GopTweets.distinctCleaned(400);
    try (Encoder enc =
        Encoders.open(EncoderOptions.defaults().withModel(EncoderOptions.FAST_MODEL))) {
      for (int i = 0; i < 200; i++) {
        enc.embed(slice(tweets, i)); // warm-up: allocator pools and caches settle
      }
      long start = rssKb();
      System.out.printf(
          Locale.ROOT, "%nRSS check: %d batches of 4 tweets through %s%n", batches, enc.id());
      System.out.printf(Locale.ROOT, "batch %6d  RSS %,d kB  %s%n", 0, start, heap());
      long t0 = System.nanoTime();
      long tenth = 0;
      for (int i = 1; i <= batches; i++) {
        enc.embed(slice(tweets, i));
        if (i % Math.max(1, batches / 10) == 0) {
          long rss = rssKb();
          tenth = tenth == 0 ? rss : tenth;
          System.out.printf(Locale.ROOT, "batch %6d  RSS %,d kB  %s%n", i, rss, heap());
        }
      }
      long end = rssKb();
      System.out.printf(
          Locale.ROOT,
          "RSS start %,d kB, end %,d kB, growth %+,d kB (%.1f%%) over %d batches in %.0f s%n",
          start,
          end,
          end - start,
          100.0 * (end - start) / start,
          batches,
          (System.nanoTime() - t0) / 1e9);
      // malloc arenas settle during the first batches; a leak keeps growing after that
      System.out.printf(
          Locale.ROOT,
          "RSS growth after the first tenth: %+,d kB (%.2f%%)%n",
          end - tenth,
          100.0 * (end - tenth) / tenth);
    }
  }

  private static List<String> slice(List<String> tweets, int i) {
    int from = (i * 4) % (tweets.size() - 4);
    return tweets.subList(from, from + 4);
  }

  /** Java heap committed and used: RSS growth that is heap growth is not a native leak. */
  private static String heap() {
    Runtime rt = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "(Java heap committed %,d kB, used %,d kB)",
        rt.totalMemory() / 1024,
        (rt.totalMemory() - rt.freeMemory()) / 1024);
  }

  static long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmRSS in /proc/self/status");
  }
}
