package io.sentimentstream.benchmarks;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the app's adaptive batch cap (the gauge {@code sentiment_batch_cap}) once a second after
 * a warm-up, and describes the trace against its median: issue 24 asks that on an idle host the cap
 * stay within ±30% of its median after warm-up.
 */
final class CapSampler implements AutoCloseable {
  private final List<Integer> samples = new ArrayList<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "cap-sampler");
            t.setDaemon(true);
            return t;
          });

  /** Starts sampling {@code registry}'s cap gauge after {@code warmupSeconds}. */
  CapSampler(MeterRegistry registry, int warmupSeconds) {
    timer.scheduleAtFixedRate(
        () -> {
          double cap = registry.get("sentiment.batch.cap").gauge().value();
          synchronized (samples) {
            samples.add((int) cap);
          }
        },
        warmupSeconds,
        1,
        TimeUnit.SECONDS);
  }

  /** One line: the samples, their median and the farthest from it. */
  String describe() {
    List<Integer> s;
    synchronized (samples) {
      s = List.copyOf(samples);
    }
    if (s.isEmpty()) {
      return "cap trace: no samples";
    }
    List<Integer> sorted = s.stream().sorted().toList();
    int median = sorted.get(sorted.size() / 2);
    double low = 100.0 * (sorted.get(0) - median) / median;
    double high = 100.0 * (sorted.get(sorted.size() - 1) - median) / median;
    boolean within = Math.max(-low, high) <= 30;
    return String.format(
        Locale.ROOT,
        "cap trace (1 s samples after warm-up): %s; median %d, range %+.0f%%..%+.0f%%: %s",
        s.size() > 40 ? s.subList(0, 40) + "..." : s.toString(),
        median,
        low,
        high,
        within ? "within ±30%" : "OUTSIDE ±30%");
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
