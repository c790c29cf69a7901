package io.sentimentstream.benchmarks;

import io.sentimentstream.classifier.TextCleaner;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.testing.ItSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A long run for memory: {@code n} records, the GOP texts over and over (distinct ids), produced as
 * fast as the producer goes while the app (in this JVM, default settings but a cache that holds
 * every distinct GOP text) works through them. The JVM's resident set is sampled as results come
 * in; after a warm-up tenth it must stay within 10% of its value then. Results are counted, not
 * kept. The broker and registry are child processes, so their memory is not in the sample.
 */
final class RssRun {
  private RssRun() {}

  static int run(LocalStack stack, Path bundle, List<ItSupport.RawTweet> rows, int n)
      throws Exception {
    long distinct = rows.stream().map(r -> TextCleaner.clean(r.text())).distinct().count();
    String prefix = "rss-";
    Map<String, String> settings = Map.of(StreamConfig.CACHE_MAX_ENTRIES, "50000");
    try (BenchApp b = BenchApp.start(stack, prefix, bundle, 1, settings);
        var results = ItSupport.raw(stack, prefix + "tweet-sentiment")) {
      AtomicReference<Throwable> failed = new AtomicReference<>();
      long t0 = System.currentTimeMillis();
      Thread producer =
          new Thread(() -> send(stack, prefix + "tweets", rows, n, failed), "rss-producer");
      producer.start();
      List<long[]> samples = new ArrayList<>(); // {results, rss kB, ms}
      long count = 0;
      long nextSample = 0;
      while (count < n && failed.get() == null) {
        results.poll();
        count += results.records.size();
        results.records.clear();
        if (count >= nextSample) {
          samples.add(new long[] {count, rssKb(), System.currentTimeMillis() - t0});
          nextSample += n / 50;
        }
      }
      producer.join();
      if (failed.get() != null) {
        throw new IllegalStateException("the producer failed", failed.get());
      }
      long elapsed = System.currentTimeMillis() - t0;
      samples.add(new long[] {count, rssKb(), elapsed});
      return report(samples, n, rows.size(), distinct, elapsed, b);
    }
  }

  private static int report(
      List<long[]> samples, int n, int rowCount, long distinct, long elapsed, BenchApp b) {
    long[] base = samples.stream().filter(s -> s[0] >= n / 10).findFirst().orElseThrow();
    long max = samples.stream().filter(s -> s[0] >= n / 10).mapToLong(s -> s[1]).max().orElse(0);
    long[] end = samples.get(samples.size() - 1);
    System.out.printf(
        Locale.ROOT,
        "%nRSS run: %d records (%d GOP rows, %d distinct cleaned texts), %.1f s, %.0f records/s;"
            + " cache hit ratio %.3f%n",
        n,
        rowCount,
        distinct,
        elapsed / 1000.0,
        n * 1000.0 / elapsed,
        b.meters.get("sentiment.cache.hit.ratio").gauge().value());
    System.out.printf(Locale.ROOT, "%12s %10s %10s%n", "results", "RSS MB", "s");
    for (int i = 0; i < samples.size(); i += 5) {
      long[] s = samples.get(i);
      System.out.printf(Locale.ROOT, "%12d %10.0f %10.1f%n", s[0], s[1] / 1024.0, s[2] / 1000.0);
    }
    double ratio = (double) max / base[1];
    System.out.printf(
        Locale.ROOT,
        "RSS after the first tenth %.0f MB, highest after it %.0f MB (%.3fx), at the end %.0f MB:"
            + " %s (limit 1.10x)%n",
        base[1] / 1024.0,
        max / 1024.0,
        ratio,
        end[1] / 1024.0,
        ratio <= 1.10 ? "flat" : "NOT flat");
    return ratio <= 1.10 ? 0 : 1;
  }

  private static long rssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }

  private static void send(
      LocalStack stack,
      String topic,
      List<ItSupport.RawTweet> rows,
      int n,
      AtomicReference<Throwable> failed) {
    try (TweetSender p = new TweetSender(stack, topic, 20, failed)) {
      for (int i = 0; i < n && !p.failed(); i++) {
        ItSupport.RawTweet t = rows.get(i % rows.size());
        p.send(t.id() + "#" + i / rows.size(), t.text(), System.currentTimeMillis());
      }
    } catch (RuntimeException e) {
      failed.compareAndSet(null, e);
    }
  }
}
