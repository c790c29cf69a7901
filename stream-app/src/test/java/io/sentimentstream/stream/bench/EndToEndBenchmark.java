package io.sentimentstream.stream.bench;

import io.sentimentstream.classifier.Device;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderOptions;
import io.sentimentstream.classifier.Encoders;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.SentimentClassifier;
import io.sentimentstream.classifier.TextCleaner;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.stream.SentimentStreamApp;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.cli.GopReplay;
import io.sentimentstream.stream.it.ItSupport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * End-to-end benchmark: replays GOP tweets through the local broker and prints, in one run,
 * tweets/s from first in to last out and p50/p99 end-to-end latency for (a) the topology with
 * micro-batching, (b) the same with batch.max.size=1, (c) the classifier alone on the same texts
 * (batches of 32, no Kafka, no cache), with ratios. The topology runs have the aggregate
 * sub-topology off, as before it existed; {@code --aggregates} instead measures its cost: (a) with
 * aggregates off and on, twice each (off, on, on, off), and (b) is skipped.
 */
@Command(name = "end-to-end-benchmark", mixinStandardHelpOptions = true)
public final class EndToEndBenchmark implements Callable<Integer> {
  @Option(
      names = "--limit",
      defaultValue = "2000",
      description = "Tweets replayed (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--encoder",
      defaultValue = "e5-small-v2",
      description = "Encoder (default ${DEFAULT-VALUE}).")
  String encoder;

  @Option(names = "--batch", defaultValue = "32", description = "batch.max.size of run (a).")
  int batch;

  @Option(
      names = "--limit-unbatched",
      defaultValue = "0",
      description = "Tweets for (b); 0 = --limit.")
  int limitUnbatched;

  @Option(
      names = "--partitions",
      split = ",",
      defaultValue = "1",
      description = "Input partitions of run (a), one run each, e.g. 1,6,12 (default 1).")
  List<Integer> partitions;

  @Option(names = "--dir", description = "Work directory (default: stream-app/target/bench).")
  Path dir;

  @Option(
      names = "--aggregates",
      description = "Measure the aggregate sub-topology's cost: (a) without and with it.")
  boolean aggregates;

  /** Runs the benchmark. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new EndToEndBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (dir == null) { // exec:java runs in the reactor root or the module dir
      dir =
          Path.of(
              java.nio.file.Files.isDirectory(Path.of("stream-app"))
                  ? "stream-app/target/bench"
                  : "target/bench");
    }
    List<ItSupport.RawTweet> rows = ItSupport.gopRows(limit);
    Head head;
    try (Encoder e =
        Encoders.open(EncoderOptions.defaults().withModel(encoder).withDevice(Device.CPU))) {
      head = ItSupport.head(e.id(), 1, 1, e.pooling());
    }
    Path bundle = ItSupport.bundle(dir.toAbsolutePath().resolve("model"), head);
    Run c = classifierAlone(rows, head);
    if (aggregates) {
      return aggregateCost(rows, bundle, c);
    }
    List<Run> a = new ArrayList<>();
    Run b;
    try (LocalStack stack = LocalStack.start(dir.resolve("stack"))) {
      for (int np : partitions) {
        a.add(topology(stack, "a" + np + "-", rows, bundle, batch, np, false));
      }
      int nb = limitUnbatched > 0 ? Math.min(limitUnbatched, rows.size()) : rows.size();
      b = topology(stack, "b-", rows.subList(0, nb), bundle, 1, 1, false);
    }
    System.out.printf(
        Locale.ROOT,
        "%nEnd-to-end benchmark: %d GOP tweets, encoder %s, 2 CPU threads%n",
        rows.size(),
        encoder);
    System.out.printf(
        Locale.ROOT, "%-44s %10s %10s %10s %8s%n", "run", "tweets/s", "p50 ms", "p99 ms", "ratio");
    for (int i = 0; i < a.size(); i++) {
      print(
          "(a) topology, batch.max.size=" + batch + ", " + partitions.get(i) + " partitions",
          a.get(i),
          c);
    }
    print("(b) topology, batch.max.size=1", b, c);
    print("(c) classifier alone, batch 32, no Kafka", c, c);
    System.out.printf(
        Locale.ROOT,
        "(a)/(b) = %.2fx   (a)/(c) = %.2fx%n",
        a.get(0).rate() / b.rate(),
        a.get(0).rate() / c.rate());
    for (int i = 1; i < a.size(); i++) {
      System.out.printf(
          Locale.ROOT,
          "(a) %d partitions / %d partitions = %.2fx%n",
          partitions.get(i),
          partitions.get(0),
          a.get(i).rate() / a.get(0).rate());
    }
    return 0;
  }

  private int aggregateCost(List<ItSupport.RawTweet> rows, Path bundle, Run c) throws Exception {
    List<Run> off = new ArrayList<>();
    List<Run> on = new ArrayList<>();
    try (LocalStack stack = LocalStack.start(dir.resolve("stack"))) {
      // Off, on, on, off: a load that drifts steadily during the run weighs on both alike.
      off.add(topology(stack, "off1-", rows, bundle, batch, 1, false));
      on.add(topology(stack, "on1-", rows, bundle, batch, 1, true));
      on.add(topology(stack, "on2-", rows, bundle, batch, 1, true));
      off.add(topology(stack, "off2-", rows, bundle, batch, 1, false));
    }
    System.out.printf(
        Locale.ROOT,
        "%nAggregate sub-topology cost: %d GOP tweets, encoder %s, batch.max.size=%d%n",
        rows.size(),
        encoder,
        batch);
    System.out.printf(
        Locale.ROOT, "%-44s %10s %10s %10s %8s%n", "run", "tweets/s", "p50 ms", "p99 ms", "vs (c)");
    for (int i = 0; i < 2; i++) {
      print("(a" + (i + 1) + ") topology, aggregates off", off.get(i), c);
      print("(a" + (i + 1) + "+) topology, aggregates on", on.get(i), c);
    }
    print("(c) classifier alone, batch 32, no Kafka", c, c);
    double offRate = (off.get(0).rate() + off.get(1).rate()) / 2;
    double onRate = (on.get(0).rate() + on.get(1).rate()) / 2;
    System.out.printf(
        Locale.ROOT,
        "mean on/off = %.3fx (%.1f vs %.1f tweets/s); aggregates complete %d / %d ms after the"
            + " last result%n",
        onRate / offRate,
        onRate,
        offRate,
        on.get(0).aggregatesLagMs(),
        on.get(1).aggregatesLagMs());
    return 0;
  }

  private static void print(String name, Run r, Run base) {
    System.out.printf(
        Locale.ROOT,
        "%-44s %10.1f %10s %10s %7.2fx%n",
        name,
        r.rate(),
        r.p50() < 0 ? "-" : Long.toString(r.p50()),
        r.p99() < 0 ? "-" : Long.toString(r.p99()),
        r.rate() / base.rate());
  }

  /** Throughput and latency percentiles of one run. */
  record Run(int n, long elapsedMs, long[] latenciesMs, long aggregatesLagMs) {
    Run(int n, long elapsedMs, long[] latenciesMs) {
      this(n, elapsedMs, latenciesMs, -1);
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

    private long pct(double q) {
      if (latenciesMs.length == 0) {
        return -1;
      }
      long[] s = latenciesMs.clone();
      Arrays.sort(s);
      return s[(int) Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
    }
  }

  private static Run classifierAlone(List<ItSupport.RawTweet> rows, Head head) {
    List<String> texts = rows.stream().map(r -> TextCleaner.clean(r.text())).toList();
    EncoderOptions o =
        EncoderOptions.defaults()
            .withModel(head.encoder().name())
            .withPooling(head.pooling())
            .withDevice(Device.CPU);
    try (SentimentClassifier cls = new SentimentClassifier(Encoders.open(o), head)) {
      cls.classify(texts.subList(0, Math.min(32, texts.size()))); // warm-up
      long t0 = System.nanoTime();
      for (int i = 0; i < texts.size(); i += 32) {
        cls.classify(texts.subList(i, Math.min(texts.size(), i + 32)));
      }
      return new Run(texts.size(), (System.nanoTime() - t0) / 1_000_000, new long[0]);
    }
  }

  private static Run topology(
      LocalStack stack,
      String p,
      List<ItSupport.RawTweet> rows,
      Path bundle,
      int batchSize,
      int partitions,
      boolean withAggregates)
      throws Exception {
    stack.createTopic(p + "tweets", partitions, Map.of());
    stack.createTopic(p + "tweet-sentiment", 1, Map.of());
    stack.createTopic(p + "tweets-dlq", 1, Map.of());
    Map<String, Object> m = new HashMap<>();
    m.put(StreamConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers());
    m.put(StreamConfig.SCHEMA_REGISTRY_URL, stack.registryUrl());
    m.put(StreamConfig.APPLICATION_ID, p + "bench");
    m.put(StreamConfig.TOPIC_TWEETS, p + "tweets");
    m.put(StreamConfig.TOPIC_RESULTS, p + "tweet-sentiment");
    m.put(StreamConfig.TOPIC_DLQ, p + "tweets-dlq");
    m.put(StreamConfig.MODEL_BUNDLE_DIR, bundle.toString());
    m.put(StreamConfig.MODEL_DEVICE, "CPU");
    m.put(StreamConfig.MODEL_UPDATES_ENABLED, "false");
    m.put(StreamConfig.BATCH_MAX_SIZE, Integer.toString(batchSize));
    m.put(StreamConfig.BATCH_MAX_DELAY_MS, "20");
    m.put(StreamConfig.OPS_HTTP_PORT, "0");
    m.put(StreamConfig.OPS_HTTP_HOST, "127.0.0.1");
    m.put("state.dir", stack.dataDir().resolve("state-" + p).toString());
    // Measuring fixed batch sizes: a 60 s budget per flush, so the adaptive cap never cuts them.
    m.put("transaction.timeout.ms", "60000");
    m.put(StreamConfig.BATCH_TIMEOUT_FRACTION, "1.0");
    m.put(StreamConfig.AGGREGATE_ENABLED, Boolean.toString(withAggregates));
    m.put(StreamConfig.TOPIC_AGGREGATES, p + "sentiment-aggregates");
    m.put(StreamConfig.AGGREGATE_TERMS, GopReplay.CANDIDATES);
    try (SentimentStreamApp app = SentimentStreamApp.start(new StreamConfig(m));
        var results = ItSupport.results(stack, p + "tweet-sentiment")) {
      while (app.streams().state() != KafkaStreams.State.RUNNING) {
        Thread.sleep(100);
      }
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
      while (aggregated(app.opsPort()) < rows.size()) {
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
