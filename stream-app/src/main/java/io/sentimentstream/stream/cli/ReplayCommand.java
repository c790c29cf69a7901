package io.sentimentstream.stream.cli;

import io.sentimentstream.ops.ConfigLayers;
import io.sentimentstream.ops.KafkaAccess;
import io.sentimentstream.ops.OnceMarker;
import io.sentimentstream.stream.StreamConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code replay}: produces tweets from a CSV or JSON-lines file to the input topic with the
 * Confluent serde, at a given rate or as fast as possible. Kafka, registry and topic come from the
 * stream app's configuration ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code
 * SENTIMENT_SCHEMA_REGISTRY_URL}, {@code SENTIMENT_TOPIC_TWEETS}, or {@code --config}).
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description =
        "Produce tweets from a .csv (columns text, name) or .jsonl file to the input topic.")
public final class ReplayCommand implements Callable<Integer> {
  @Option(
      names = "--file",
      description = "Tweets: .csv with a header, or .jsonl (default: the built-in examples).")
  Path file;

  @Option(
      names = "--if-missing",
      defaultValue = "fail",
      description = "When --file does not exist: fail, or builtin (feed the built-in examples).")
  String ifMissing;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description = "Tweets per second (0 = as fast as possible, the default).")
  double rate;

  @Option(names = "--limit", defaultValue = "0", description = "Send at most this many (0 = all).")
  int limit;

  @Option(
      names = "--id-prefix",
      defaultValue = "replay-",
      description = "Tweet i gets the id <prefix><i> (default ${DEFAULT-VALUE}).")
  String idPrefix;

  @Option(
      names = "--poison-every",
      defaultValue = "0",
      description =
          "Make every n-th record unreadable bytes, for the dead-letter topic (0 = none).")
  int poisonEvery;

  @Option(
      names = "--once",
      description = "Marker file: skip if it exists, write it after a complete replay.")
  Path once;

  @Option(names = "--config", description = "Properties file with app and Kafka keys.")
  Path config;

  @Override
  public Integer call() throws Exception {
    OnceMarker marker = new OnceMarker(once);
    if (marker.done()) {
      System.out.println("Already replayed (" + marker.file() + " exists): nothing to do");
      return 0;
    }
    if (!ifMissing.equals("fail") && !ifMissing.equals("builtin")) {
      System.err.println("--if-missing must be fail or builtin, not " + ifMissing);
      return 2;
    }
    Path source = file;
    if (file != null && !Files.exists(file)) {
      if (ifMissing.equals("fail")) {
        System.err.println("Tweet file " + file + " does not exist");
        return 2;
      }
      System.out.println(file + " does not exist: replaying the built-in example tweets");
      source = null;
    }
    List<ExampleTweets.Entry> tweets = ExampleTweets.readAny(source);
    if (limit > 0 && limit < tweets.size()) {
      tweets = tweets.subList(0, limit);
    }
    StreamConfig cfg;
    try {
      cfg = StreamConfig.fromLayers(ConfigLayers.readFile(config), System.getenv());
      KafkaAccess.check(cfg.connectionProperties(), KafkaAccess.TIMEOUT);
    } catch (ConfigException e) {
      System.err.println("Configuration error: " + e.getMessage());
      return 2;
    }
    String name = source == null ? "built-in examples" : source.toString();
    TweetFeeder.Options opts = new TweetFeeder.Options(idPrefix, "replay " + name, poisonEvery);
    long t0 = System.nanoTime();
    TweetFeeder.Sent sent = new TweetFeeder(cfg, tweets, rate, opts).feed();
    double secs = (System.nanoTime() - t0) / 1e9;
    String summary =
        String.format(
            Locale.ROOT,
            "replayed %d tweets and %d poison records from %s to %s in %.1f s (%.0f records/s)",
            sent.tweets(),
            sent.poison(),
            name,
            cfg.getString(StreamConfig.TOPIC_TWEETS),
            secs,
            (sent.tweets() + sent.poison()) / Math.max(secs, 1e-3));
    marker.markDone(summary);
    System.out.println(summary);
    return 0;
  }
}
