package io.sentimentstream.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * Throughput and end-to-end latency of one benchmark run.
 *
 * @param n results counted
 * @param elapsedMs first tweet sent to last result read
 * @param latenciesMs per result: time read minus the tweet's event time
 * @param aggregatesLagMs how long after the last result the aggregates had counted all (-1: off)
 */
record Run(int n, long elapsedMs, long[] latenciesMs, long aggregatesLagMs) {
  Run(int n, long elapsedMs, long[] latenciesMs) {
    this(n, elapsedMs, latenciesMs, -1);
  }

  /** A run whose results are the latencies, as many as there are. */
  static Run of(List<Long> latenciesMs, long elapsedMs) {
    return new Run(
        latenciesMs.size(), elapsedMs, latenciesMs.stream().mapToLong(Long::longValue).toArray());
  }

  double rate() {
    return n * 1000.0 / Math.max(1, elapsedMs);
  }

  long p50() {
    return pct(0.50);
  }

  long p99() {
    return pct(0.99);
  }

  long p999() {
    return pct(0.999);
  }

  /** The q-quantile (nearest rank) of the latencies; -1 if none were taken. */
  long pct(double q) {
    if (latenciesMs.length == 0) {
      return -1;
    }
    long[] s = latenciesMs.clone();
    Arrays.sort(s);
    return s[(int) Math.max(0, Math.min(s.length - 1, Math.ceil(q * s.length) - 1))];
  }
}
