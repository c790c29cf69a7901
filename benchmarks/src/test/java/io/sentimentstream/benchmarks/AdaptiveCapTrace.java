package io.sentimentstream.benchmarks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.stream.SentimentStreamApp;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.testing.ItSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Traces the adaptive batch cap while the load on the host changes: the stream app with the default
 * model takes a backlog of GOP tweets from the local broker, two busy-loop processes load the cores
 * for a middle window, and every few seconds one row shows the cap, the mean batch size and the
 * result rate (the first window is the baseline for the loaded one).
 */
@Command(name = "adaptive-cap-trace", mixinStandardHelpOptions = true)
public final class AdaptiveCapTrace implements Callable<Integer> {
  @Option(names = "--seconds", defaultValue = "90", description = "Length of the trace.")
  int seconds;

  @Option(names = "--load-from", defaultValue = "30", description = "Load starts (s).")
  int loadFrom;

  @Option(names = "--load-to", defaultValue = "60", description = "Load stops (s).")
  int loadTo;

  @Option(names = "--tweets", defaultValue = "9000", description = "Backlog replayed.")
  int tweets;

  @Option(names = "--every", defaultValue = "5", description = "Seconds per row.")
  int every;

  /** Runs the trace. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new AdaptiveCapTrace()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dir = Path.of(Files.isDirectory(Path.of("stream-app")) ? "stream-app/target" : "target");
    dir = dir.resolve("cap-trace").toAbsolutePath();
    try (LocalStack stack = LocalStack.start(dir.resolve("stack"))) {
      stack.createTopic("tweets", 2, Map.of());
      stack.createTopic("tweet-sentiment", 2, Map.of());
      stack.createTopic("tweets-dlq", 1, Map.of());
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      try (SentimentStreamApp app = SentimentStreamApp.start(config(stack, dir), registry)) {
        while (app.streams().state() != KafkaStreams.State.RUNNING) {
          Thread.sleep(100);
        }
        ItSupport.produce(stack, "tweets", ItSupport.gopTweets(tweets));
        trace(registry);
      }
    }
    return 0;
  }

  private void trace(PrometheusMeterRegistry registry) throws Exception {
    DistributionSummary batches = registry.get("sentiment.batch.size").summary();
    Counter out = registry.get("sentiment.records.out").counter();
    List<Process> load = new ArrayList<>();
    System.out.printf(
        Locale.ROOT, "%n%6s %6s %5s %12s %12s%n", "t s", "load", "cap", "mean batch", "results/s");
    long start = System.nanoTime();
    long lastCount = batches.count();
    double lastTotal = batches.totalAmount();
    double lastOut = out.count();
    for (int t = every; t <= seconds; t += every) {
      Thread.sleep(Math.max(0, start / 1_000_000 + t * 1000L - System.nanoTime() / 1_000_000));
      long n = batches.count() - lastCount;
      double mean = n == 0 ? 0 : (batches.totalAmount() - lastTotal) / n;
      System.out.printf(
          Locale.ROOT,
          "%6d %6s %5.0f %12.1f %12.1f%n",
          t,
          t - every >= loadFrom && t <= loadTo ? "2 busy" : "-",
          registry.get("sentiment.batch.cap").gauge().value(),
          mean,
          (out.count() - lastOut) / every);
      lastCount = batches.count();
      lastTotal = batches.totalAmount();
      lastOut = out.count();
      boolean loadNext = t >= loadFrom && t < loadTo; // for the interval (t, t + every]
      if (loadNext && load.isEmpty()) {
        for (int i = 0; i < 2; i++) {
          load.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
        }
      } else if (!loadNext && !load.isEmpty()) {
        load.forEach(Process::destroyForcibly);
        load.clear();
      }
    }
    load.forEach(Process::destroyForcibly);
  }

  private static StreamConfig config(LocalStack stack, Path dir) {
    Map<String, Object> m = new HashMap<>();
    m.put(StreamConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers());
    m.put(StreamConfig.SCHEMA_REGISTRY_URL, stack.registryUrl());
    m.put(StreamConfig.APPLICATION_ID, "cap-trace");
    m.put(StreamConfig.MODEL_UPDATES_ENABLED, "false");
    m.put(StreamConfig.OPS_HTTP_HOST, "127.0.0.1");
    m.put(StreamConfig.OPS_HTTP_PORT, "0");
    m.put("state.dir", dir.resolve("state-" + System.nanoTime()).toString());
    return new StreamConfig(m);
  }
}
