package io.sentimentstream.tools.cli;

import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.ops.ConfigLayers;
import io.sentimentstream.serde.AvroSerdeConfig;
import io.sentimentstream.stream.SentimentStreamApp;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.aggregate.AggregateSettings;
import io.sentimentstream.stream.cli.DemoTopics;
import io.sentimentstream.stream.cli.ExampleTweets;
import io.sentimentstream.stream.cli.GopReplay;
import io.sentimentstream.stream.cli.ResultPrinter;
import io.sentimentstream.stream.cli.TweetFeeder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: starts a local broker and registry (unless pointed at existing ones), creates the
 * topics, starts the stream app with the default model, feeds the example tweets and prints the
 * labelled results with a running summary. Ctrl-C stops everything cleanly.
 */
@Command(name = "demo", description = "Run the whole pipeline locally on example tweets.")
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--bootstrap-servers", description = "Use this Kafka instead of a local one.")
  String bootstrapServers;

  @Option(
      names = "--schema-registry-url",
      description = "Use this registry instead of a local one.")
  String registryUrl;

  @Option(
      names = "--tweets",
      description = "A .jsonl file of {\"user\",\"text\"} (default: built-in examples).")
  Path tweetsFile;

  @Option(
      names = "--rate",
      defaultValue = "25",
      description = "Tweets per second fed (default ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--max-tweets",
      defaultValue = "0",
      description = "Feed at most this many (0 = all).")
  int maxTweets;

  @Option(
      names = "--exit-when-done",
      description = "Stop once every fed tweet has a result or a dead letter.")
  boolean exitWhenDone;

  @Option(
      names = "--data-dir",
      description = "Where the local stack and state live (default: a temp dir).")
  Path dataDir;

  @Option(names = "--config", description = "Properties file with extra app/Kafka keys.")
  Path config;

  @Option(
      names = "--gop-csv",
      description =
          "Replay the GOP debate set (Sentiment.csv) in posting order with its real event times,"
              + " tracking the candidates as terms, instead of the example tweets.")
  Path gopCsv;

  private List<java.time.Instant> eventTimes;

  @Override
  public Integer call() throws Exception {
    String device = String.valueOf(ConfigLayers.readFile(config).get(StreamConfig.MODEL_DEVICE));
    DemoLogging.quiet(
        bootstrapServers == null || registryUrl == null,
        "GPU".equalsIgnoreCase(device)
            || "GPU".equalsIgnoreCase(System.getenv("SENTIMENT_MODEL_DEVICE")));
    List<ExampleTweets.Entry> tweets = tweets();
    if (maxTweets > 0 && maxTweets < tweets.size()) {
      tweets = tweets.subList(0, maxTweets);
    }
    Path dir = dataDir != null ? dataDir : Files.createTempDirectory("sentiment-demo");
    LocalStack stack = null;
    if (bootstrapServers == null || registryUrl == null) {
      System.out.println("Starting a local Kafka broker and schema registry under " + dir + " ...");
      // Stopped by the demo's own hook, after the app: not by the stack's hook alongside it, which
      // left the closing app retrying a gone broker (~170 connection warnings on Ctrl-C).
      stack = LocalStack.start(dir.resolve("stack")).closedByCaller();
      bootstrapServers = stack.bootstrapServers();
      registryUrl = stack.registryUrl();
    }
    System.out.println(
        "Kafka "
            + bootstrapServers
            + ", schema registry "
            + AvroSerdeConfig.withoutUserInfo(registryUrl));
    Map<Object, Object> layer = new HashMap<>(ConfigLayers.readFile(config));
    layer.putIfAbsent(StreamConfig.BOOTSTRAP_SERVERS, bootstrapServers);
    layer.putIfAbsent(StreamConfig.SCHEMA_REGISTRY_URL, registryUrl);
    layer.putIfAbsent(StreamConfig.APPLICATION_ID, "sentiment-demo");
    layer.putIfAbsent(StreamConfig.OPS_HTTP_PORT, "0");
    layer.putIfAbsent(StreamConfig.OPS_HTTP_HOST, "127.0.0.1");
    layer.putIfAbsent(StreamConfig.BATCH_MAX_DELAY_MS, "50");
    layer.putIfAbsent("state.dir", dir.resolve("streams").toString());
    if (gopCsv != null) {
      layer.putIfAbsent(AggregateSettings.AGGREGATE_TERMS, GopReplay.CANDIDATES);
    }
    SentimentStreamApp app;
    StreamConfig cfg;
    try {
      cfg = StreamConfig.fromLayers(layer, System.getenv());
      DemoTopics.create(cfg);
      System.out.println("Loading the model and starting the stream app ...");
      app = SentimentStreamApp.start(cfg);
    } catch (ConfigException e) {
      System.err.println("Configuration error: " + e.getMessage());
      if (stack != null) {
        stack.close();
      }
      return 2;
    }
    return runDemo(cfg, app, tweets, stack);
  }

  private int runDemo(
      StreamConfig cfg, SentimentStreamApp app, List<ExampleTweets.Entry> tweets, LocalStack stack)
      throws InterruptedException {
    System.out.printf(
        "Stream app started (metrics: http://127.0.0.1:%d/metrics); feeding %d tweets at %.0f/s%n",
        app.opsPort(), tweets.size(), rate);
    if (cfg.getBoolean(AggregateSettings.AGGREGATE_ENABLED)) {
      System.out.printf("Dashboard: http://127.0.0.1:%d/%n", app.opsPort());
    }
    ResultPrinter printer = new ResultPrinter(cfg, tweets.size());
    TweetFeeder feeder = new TweetFeeder(cfg, tweets, rate, eventTimes);
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              printer.printSummary();
              shutdown(feeder, printer, app, stack);
            },
            "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    printer.start();
    feeder.start();
    while (!stop.await(200, TimeUnit.MILLISECONDS)) {
      if (exitWhenDone && printer.done()) {
        Runtime.getRuntime().removeShutdownHook(hook);
        printer.printSummary();
        shutdown(feeder, printer, app, stack);
        return 0;
      }
    }
    return 0;
  }

  private List<ExampleTweets.Entry> tweets() throws java.io.IOException {
    if (gopCsv == null) {
      return ExampleTweets.read(tweetsFile);
    }
    List<GopReplay.Row> rows = GopReplay.read(gopCsv);
    eventTimes = rows.stream().map(GopReplay.Row::createdAt).toList();
    return rows.stream().map(r -> new ExampleTweets.Entry(r.user(), r.text())).toList();
  }

  private static void shutdown(
      TweetFeeder feeder, ResultPrinter printer, SentimentStreamApp app, LocalStack stack) {
    feeder.close();
    printer.close();
    app.close();
    if (stack != null) {
      stack.close();
    }
    System.out.println("Demo stopped.");
  }
}
