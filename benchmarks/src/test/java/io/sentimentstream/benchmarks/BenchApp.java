package io.sentimentstream.benchmarks;

import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.stream.SentimentStreamApp;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.aggregate.AggregateSettings;
import io.sentimentstream.stream.cli.GopReplay;
import io.sentimentstream.stream.testing.ItSupport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One stream app of a benchmark run, in this JVM, on its own topics ({@code prefix}): started on
 * the local stack with the given batch settings and its own meter registry, so a run can read its
 * batch-size distribution and inference times.
 */
final class BenchApp implements AutoCloseable {
  final String prefix;
  final StreamConfig cfg;
  final SentimentStreamApp app;
  final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private BenchApp(String prefix, StreamConfig cfg) throws InterruptedException {
    this.prefix = prefix;
    this.cfg = cfg;
    this.app = SentimentStreamApp.start(cfg, meters);
    while (app.streams().state() != KafkaStreams.State.RUNNING) {
      Thread.sleep(100);
    }
  }

  /**
   * Creates the run's topics and starts the app once it is RUNNING.
   *
   * @param settings batch and timing keys over the defaults (e.g. batch.max.size)
   */
  static BenchApp start(
      LocalStack stack, String prefix, Path bundle, int partitions, Map<String, String> settings)
      throws InterruptedException {
    stack.createTopic(prefix + "tweets", partitions, Map.of());
    stack.createTopic(prefix + "tweet-sentiment", 1, Map.of());
    stack.createTopic(prefix + "tweets-dlq", 1, Map.of());
    Map<String, Object> m = ItSupport.appConfig(stack, prefix, stack.dataDir());
    m.put(StreamConfig.MODEL_BUNDLE_DIR, bundle.toString());
    m.put(AggregateSettings.AGGREGATE_ENABLED, "false");
    m.put(AggregateSettings.TOPIC_AGGREGATES, prefix + "sentiment-aggregates");
    m.put(AggregateSettings.AGGREGATE_TERMS, GopReplay.CANDIDATES);
    m.putAll(settings);
    return new BenchApp(prefix, new StreamConfig(m));
  }

  /** Mean time of one inference pass so far, in ms. */
  double meanPassMs() {
    return meters.get("sentiment.inference.time").timer().mean(TimeUnit.MILLISECONDS);
  }

  /**
   * The 99th percentile of one pass's time so far, in ms: the upper edge of the timer's histogram
   * bucket that holds it (Micrometer's percentile buckets, about 10% apart at these times).
   */
  double passP99Ms() {
    HistogramSnapshot s = meters.get("sentiment.inference.time").timer().takeSnapshot();
    for (CountAtBucket c : s.histogramCounts()) {
      if (c.count() >= 0.99 * s.count()) {
        return c.bucket(TimeUnit.MILLISECONDS);
      }
    }
    return s.max(TimeUnit.MILLISECONDS);
  }

  /**
   * Where the stream threads' time went (Kafka Streams' thread metrics, averaged over threads):
   * "commit 12/40 ms (avg/max) ratios poll 0.20 process 0.05 punctuate 0.60 commit 0.15".
   */
  String threadTimes() {
    Map<String, List<Double>> byName = new TreeMap<>();
    app.streams()
        .metrics()
        .forEach(
            (name, metric) -> {
              if (name.group().equals("stream-thread-metrics")
                  && metric.metricValue() instanceof Double d) {
                byName.computeIfAbsent(name.name(), k -> new ArrayList<>()).add(d);
              }
            });
    ToDoubleFunction<String> mean =
        n ->
            byName.getOrDefault(n, List.of()).stream()
                .mapToDouble(Double::doubleValue)
                .average()
                .orElse(Double.NaN);
    return String.format(
        Locale.ROOT,
        "stream thread: commit %.0f/%.0f ms (avg/max); time ratios poll %.2f process %.2f"
            + " punctuate %.2f commit %.2f",
        mean.applyAsDouble("commit-latency-avg"),
        mean.applyAsDouble("commit-latency-max"),
        mean.applyAsDouble("poll-ratio"),
        mean.applyAsDouble("process-ratio"),
        mean.applyAsDouble("punctuate-ratio"),
        mean.applyAsDouble("commit-ratio"));
  }

  /** Forward passes so far and their sizes: "passes 120, mean 14.2 texts: <=1 5%, <=2 ...". */
  String batchSizes() {
    HistogramSnapshot s = meters.get("sentiment.batch.size").summary().takeSnapshot();
    StringBuilder b =
        new StringBuilder(
            String.format(Locale.ROOT, "%d passes, mean %.1f texts:", s.count(), s.mean()));
    double below = 0;
    for (CountAtBucket c : s.histogramCounts()) {
      double edge = c.bucket();
      if (edge > 256 || Long.bitCount((long) edge) != 1 || edge != Math.rint(edge)) {
        continue; // only the powers of two (StreamMetrics' service-level buckets)
      }
      double share = s.count() == 0 ? 0 : (c.count() - below) / s.count();
      if (share >= 0.005) {
        b.append(String.format(Locale.ROOT, " <=%.0f %.0f%%", edge, 100 * share));
      }
      below = c.count();
    }
    return b.toString();
  }

  @Override
  public void close() {
    app.close();
    meters.close();
  }
}
