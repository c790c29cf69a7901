package io.sentimentstream.drills;

import io.sentimentstream.avro.Sentiment;
import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.serde.ConfluentAvroSerializer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stream apps of one drill, by ordinal, as a StatefulSet would run them: the same application
 * id, a state directory per ordinal kept across restarts (the pod's claim), and with static
 * membership {@code group.instance.id} = the pod name.
 */
final class Fleet {
  static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
  static final Duration GRACE = Duration.ofSeconds(60); // terminationGracePeriodSeconds

  final LocalStack stack;
  final String prefix;
  private final Path dir;
  private final boolean staticMembership;
  private final int sessionTimeoutMs;
  private final AppProcess[] apps;
  private final Map<String, String> overrides = new LinkedHashMap<>();

  Fleet(
      LocalStack stack,
      Path dir,
      String prefix,
      int maxInstances,
      boolean staticMembership,
      int sessionTimeoutMs) {
    this.stack = stack;
    this.dir = dir;
    this.prefix = prefix;
    this.staticMembership = staticMembership;
    this.sessionTimeoutMs = sessionTimeoutMs;
    this.apps = new AppProcess[maxInstances];
  }

  /**
   * Creates the topics and registers the result schema, as a deployment step would: left to the
   * first batch of every instance at once, registration under a saturated host timed out, crashed a
   * stream thread, and its replacement took a new thread index (a new group.instance.id).
   */
  void createTopics(int partitions) throws InterruptedException {
    stack.createTopic(tweets(), partitions, Map.of());
    stack.createTopic(results(), partitions, Map.of());
    stack.createTopic(prefix + "tweets-dlq", 1, Map.of());
    ConfluentAvroSerializer<SentimentResult> ser =
        new ConfluentAvroSerializer<>(SentimentResult.class);
    ser.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
    SentimentResult sample =
        SentimentResult.newBuilder()
            .setTweetId("schema")
            .setCleanText("schema")
            .setLabel(Sentiment.NEUTRAL)
            .setNegative(0)
            .setNeutral(1)
            .setPositive(0)
            .setModelVersion(0)
            .setClassifiedAt(Instant.EPOCH)
            .setEventTime(Instant.EPOCH)
            .build();
    for (int attempt = 1; ; attempt++) {
      try {
        ser.serialize(results(), sample);
        return;
      } catch (RuntimeException e) {
        if (attempt == 10) {
          throw e;
        }
        Thread.sleep(2_000);
      }
    }
  }

  /** Puts a key on top of every instance's config started after this; null removes the key. */
  Fleet with(String key, String value) {
    overrides.put(key, value);
    return this;
  }

  /** Ordinal {@code i}'s running process (null if stopped). */
  AppProcess app(int i) {
    return apps[i];
  }

  /** SIGKILL ordinal {@code i} and wait until it is gone. */
  void kill(int i) throws InterruptedException {
    apps[i].kill();
    apps[i] = null;
  }

  String dlq() {
    return prefix + "tweets-dlq";
  }

  String tweets() {
    return prefix + "tweets";
  }

  String results() {
    return prefix + "tweet-sentiment";
  }

  String applicationId() {
    return prefix + "app";
  }

  /** Starts ordinal {@code i} on {@code bundle}; does not wait. */
  void start(int i, Path bundle) throws java.io.IOException {
    apps[i] = AppProcess.start(name(i), config(i, bundle), dir);
  }

  void awaitReady(int i) throws InterruptedException {
    apps[i].awaitReady(READY_TIMEOUT);
  }

  /** SIGTERM and wait; the exit code. */
  int stop(int i) throws InterruptedException {
    int exit = apps[i].stop(GRACE);
    apps[i] = null;
    return exit;
  }

  void stopAll() throws InterruptedException {
    for (int i = 0; i < apps.length; i++) {
      if (apps[i] != null) {
        stop(i);
      }
    }
  }

  static String name(int ordinal) {
    return "stream-app-" + ordinal;
  }

  private Map<String, String> config(int ordinal, Path bundle) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("bootstrap.servers", stack.bootstrapServers());
    c.put("schema.registry.url", stack.registryUrl());
    c.put("application.id", applicationId());
    c.put("topic.tweets", tweets());
    c.put("topic.results", results());
    c.put("topic.dlq", prefix + "tweets-dlq");
    c.put("model.bundle.dir", bundle.toString());
    c.put("model.device", "CPU");
    c.put("model.updates.enabled", "false");
    c.put("cache.max.entries", "0"); // every tweet costs inference: a steady, known load
    c.put("state.dir", dir.resolve("state-" + ordinal).toString()); // the pod's volume claim
    c.put("session.timeout.ms", String.valueOf(sessionTimeoutMs));
    c.put("transaction.timeout.ms", "60000");
    if (staticMembership) {
      c.put("group.instance.id", name(ordinal)); // the pod name
    }
    overrides.forEach(
        (k, v) -> {
          if (v == null) {
            c.remove(k);
          } else {
            c.put(k, v);
          }
        });
    return c;
  }
}
