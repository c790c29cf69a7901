package io.sentimentstream.benchmarks;

import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.aggregate.AggregateSettings;
import io.sentimentstream.stream.testing.ItSupport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A closed-loop run: every tweet produced at once, then timed from the first sent to the last
 * result read, so its latencies are mostly queueing. Fixed batch sizes: the flush budget is wide
 * enough that the adaptive cap never cuts them.
 */
final class ClosedLoop {
  private ClosedLoop() {}

  /** Sends all {@code rows} at once and reads every result: throughput and latency. */
  static Run run(
      LocalStack stack,
      String p,
      List<ItSupport.RawTweet> rows,
      Path bundle,
      int batchSize,
      int partitions,
      boolean withAggregates)
      throws Exception {
    return run(stack, p, rows, bundle, batchSize, partitions, withAggregates, Map.of());
  }

  /** As above, with {@code extra} app keys on top (a variant such as a matmul precision). */
  static Run run(
      LocalStack stack,
      String p,
      List<ItSupport.RawTweet> rows,
      Path bundle,
      int batchSize,
      int partitions,
      boolean withAggregates,
      Map<String, String> extra)
      throws Exception {
    Map<String, String> m = new HashMap<>();
    m.put(StreamConfig.BATCH_MAX_SIZE, Integer.toString(batchSize));
    m.put(StreamConfig.BATCH_MAX_DELAY_MS, "20");
    // Measuring fixed batch sizes: a 60 s budget per flush, so the adaptive cap never cuts them.
    m.put("transaction.timeout.ms", "60000");
    m.put(StreamConfig.BATCH_TIMEOUT_FRACTION, "1.0");
    m.put(AggregateSettings.AGGREGATE_ENABLED, Boolean.toString(withAggregates));
    m.putAll(extra);
    return measure(stack, p, rows, bundle, partitions, withAggregates, m);
  }

  /**
   * The app with its default keys (batch size, delay, the flush budget of 2.5 s): what the
   * open-loop rates are shares of.
   */
  static Run runAppDefaults(
      LocalStack stack, String p, List<ItSupport.RawTweet> rows, Path bundle, int partitions)
      throws Exception {
    return measure(stack, p, rows, bundle, partitions, false, Map.of());
  }

  private static Run measure(
      LocalStack stack,
      String p,
      List<ItSupport.RawTweet> rows,
      Path bundle,
      int partitions,
      boolean withAggregates,
      Map<String, String> m)
      throws Exception {
    try (BenchApp b = BenchApp.start(stack, p, bundle, partitions, m);
        var results = ItSupport.results(stack, p + "tweet-sentiment")) {
      long t0 = System.currentTimeMillis();
      ItSupport.produce(stack, p + "tweets", rows);
      List<Long> lat = new ArrayList<>(rows.size());
      long last = t0;
      while (lat.size() < rows.size()) {
        int before = results.records.size();
        results.poll();
        long now = System.currentTimeMillis();
        for (int i = before; i < results.records.size(); i++) {
          lat.add(now - results.records.get(i).value().getEventTime().toEpochMilli());
          last = now;
        }
      }
      long[] latencies = lat.stream().mapToLong(Long::longValue).toArray();
      if (!withAggregates) {
        return new Run(rows.size(), last - t0, latencies);
      }
      while (aggregated(b.app.opsPort()) < rows.size()) {
        Thread.sleep(20);
      }
      long lag = System.currentTimeMillis() - last;
      return new Run(rows.size(), last - t0, latencies, lag);
    }
  }

  /** Tweets counted over all windows of key "all", from the app's own query route. */
  private static long aggregated(int port) throws Exception {
    var r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/aggregates?key=all"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      return -1;
    }
    long n = 0;
    for (var w :
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("windows")) {
      n += w.get("tweets").asLong();
    }
    return n;
  }
}
