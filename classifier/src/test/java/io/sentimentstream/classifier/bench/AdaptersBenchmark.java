package io.sentimentstream.classifier.bench;

import io.sentimentstream.classifier.Adapters;
import io.sentimentstream.classifier.EncoderOptions;
import io.sentimentstream.classifier.Encoders;
import io.sentimentstream.classifier.GopTweets;
import io.sentimentstream.classifier.ModelBundle;
import io.sentimentstream.classifier.TextCleaner;
import io.sentimentstream.classifier.internals.BertEncoder;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Throughput of the encoder with the default model's adapters merged against the base weights, in
 * the same run: two encoders, rounds interleaved (base, merged, base, ...), the median of each, on
 * cleaned GOP tweets at 1, 8 and 32 texts per pass. Merging happens once at load time, so the ratio
 * should be 1 within noise.
 *
 * <p>Run: {@code mvn -B -q -pl classifier exec:java@adapters-benchmark [-Dexec.args="--quick"]}.
 */
public final class AdaptersBenchmark {
  private static final int[] BATCHES = {1, 8, 32};

  private AdaptersBenchmark() {}

  public static void main(String[] args) {
    boolean quick = Arrays.asList(args).contains("--quick");
    int rounds = quick ? 5 : 7;
    Adapters adapters =
        ModelBundle.defaultAdapters()
            .orElseThrow(() -> new IllegalStateException("the default model has no adapters"));
    List<String> tweets = new ArrayList<>();
    for (String t : GopTweets.texts(quick ? 256 : 512)) {
      tweets.add(TextCleaner.clean(t));
    }
    System.out.printf(
        Locale.ROOT,
        "cores=%d loadavg=%.2f adapters: %d targets, rank %d, %d parameters%n",
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        adapters.targets().size(),
        adapters.rank(),
        adapters.parameterCount());
    try (BertEncoder base = (BertEncoder) Encoders.open(EncoderOptions.defaults());
        BertEncoder merged = (BertEncoder) Encoders.open(EncoderOptions.defaults())) {
      merged.useAdapters(adapters);
      System.out.printf(
          Locale.ROOT, "%-10s %14s %14s %8s%n", "batch", "base texts/s", "merged texts/s", "ratio");
      for (int b : BATCHES) {
        double[] baseRates = new double[rounds];
        double[] mergedRates = new double[rounds];
        rate(base, tweets, b); // warm-up of both
        rate(merged, tweets, b);
        for (int r = 0; r < rounds; r++) {
          baseRates[r] = rate(base, tweets, b);
          mergedRates[r] = rate(merged, tweets, b);
        }
        double x = median(baseRates);
        double y = median(mergedRates);
        System.out.printf(Locale.ROOT, "%-10d %14.1f %14.1f %8.3f%n", b, x, y, y / x);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "loadavg at end=%.2f%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static double rate(BertEncoder encoder, List<String> texts, int batch) {
    long t0 = System.nanoTime();
    encoder.embed(texts, batch);
    return texts.size() / ((System.nanoTime() - t0) / 1e9);
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
