package io.sentimentstream.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sentimentstream.avro.ModelUpdate;
import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.classifier.EncoderId;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.localstack.LocalStackExtension;
import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.serde.ConfluentAvroDeserializer;
import io.sentimentstream.stream.SentimentStreamApp;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.aggregate.AggregateSettings;
import io.sentimentstream.stream.testing.Compaction;
import io.sentimentstream.stream.testing.ItSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A restart must not roll the model back (issue 21, finding 3), on the real broker, registry and
 * classifier, with real log compaction: the app applies v3 from the model topic; then an old signed
 * v2 is replayed under the same key and compaction leaves only it; a restarted app (same state dir)
 * must still serve v3. Then a tombstone, compaction removes the key, and the next restart (the
 * bundle holds v1) must serve v3 too.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class ModelVersionFloorIT {
  private static final Path WORK = Path.of("target", "it-model-floor").toAbsolutePath();
  private final KeyPair keys = Ed25519Keys.generate();

  @Test
  void aReplayedOldUpdateOrATombstoneDoesNotRollTheModelBackAcrossRestarts(LocalStack stack)
      throws Exception {
    String p = "floor-" + System.nanoTime() + "-";
    String models = p + "sentiment-models";
    stack.createTopic(p + "tweets", 1, Map.of());
    stack.createTopic(p + "tweet-sentiment", 1, Map.of());
    stack.createTopic(p + "tweets-dlq", 1, Map.of());
    stack.createTopic(models, 1, Compaction.eager());
    EncoderId encoder = ItSupport.encoderId();
    byte[] key = encoder.name().getBytes(StandardCharsets.UTF_8);
    Map<String, Object> m = config(stack, p, models, encoder);
    StreamConfig cfg = new StreamConfig(m); // one state.dir for every run below
    ModelUpdate v2 = ItSupport.update(ItSupport.head(encoder, 2, 2), keys.getPrivate());
    ModelUpdate v3 = ItSupport.update(ItSupport.head(encoder, 3, 3), keys.getPrivate());
    List<ItSupport.RawTweet> tweets = ItSupport.gopTweets(30);

    ItSupport.publish(stack, models, v2);
    ItSupport.publish(stack, models, v3);
    try (Run first = new Run(cfg)) {
      await().atMost(Duration.ofSeconds(90)).until(() -> first.app.scorer().head().version() == 3);
      assertThat(first.served(stack, p, tweets.subList(0, 10))).containsOnly(3L);
    }

    ItSupport.publish(stack, models, v2); // the old signed v2, replayed under the same key
    assertThat(
            Compaction.await(
                stack,
                models,
                key,
                v -> v.size() == 1 && version(stack, v.get(0)) == 2,
                ofSeconds(90)))
        .as("compaction left only the replayed v2 under the key")
        .isTrue();
    try (Run second = new Run(cfg)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> second.rejected() >= 1 || second.app.scorer().head().version() == 2);
      assertThat(second.app.scorer().head().version())
          .as("served after a restart that found only the replayed v2 on the topic")
          .isEqualTo(3);
      assertThat(second.served(stack, p, tweets.subList(10, 20))).containsOnly(3L);
    }

    ItSupport.produceRaw(stack, models, key, null); // a tombstone for the key
    assertThat(Compaction.await(stack, models, key, List::isEmpty, ofSeconds(90)))
        .as("compaction removed the key")
        .isTrue();
    try (Run third = new Run(cfg)) {
      assertThat(third.app.scorer().head().version())
          .as("served after a restart that found the key compacted away (the bundle holds v1)")
          .isEqualTo(3);
      assertThat(third.served(stack, p, tweets.subList(20, 30))).containsOnly(3L);
    }
  }

  /**
   * When the floor cannot be served again at start-up (here the signing key was rotated, so the
   * kept v3 no longer verifies), the app reads no tweet until a head at or above the floor arrives:
   * not ready, no results, nothing on the bundle's v1; then a v4 signed with the new key is applied
   * and the tweets that waited come out on v4.
   */
  @Test
  void belowTheFloorNothingIsServedUntilAHeadAtOrAboveItArrives(LocalStack stack) throws Exception {
    String p = "gate-" + System.nanoTime() + "-";
    String models = p + "sentiment-models";
    stack.createTopic(p + "tweets", 1, Map.of());
    stack.createTopic(p + "tweet-sentiment", 1, Map.of());
    stack.createTopic(p + "tweets-dlq", 1, Map.of());
    stack.createTopic(models, 1, Map.of("cleanup.policy", "compact"));
    EncoderId encoder = ItSupport.encoderId();
    Map<String, Object> m = config(stack, p, models, encoder);
    List<ItSupport.RawTweet> tweets = ItSupport.gopTweets(20);

    ItSupport.publish(
        stack, models, ItSupport.update(ItSupport.head(encoder, 3, 3), keys.getPrivate()));
    try (Run first = new Run(new StreamConfig(m))) {
      await().atMost(Duration.ofSeconds(90)).until(() -> first.app.scorer().head().version() == 3);
      assertThat(first.served(stack, p, tweets.subList(0, 10))).containsOnly(3L);
    }

    KeyPair rotated = Ed25519Keys.generate();
    m.put(StreamConfig.MODEL_PUBLIC_KEY, Ed25519Keys.toBase64(rotated.getPublic()));
    try (Run second = new Run(new StreamConfig(m));
        var results = ItSupport.results(stack, p + "tweet-sentiment")) {
      ItSupport.produce(stack, p + "tweets", tweets.subList(10, 20));
      List<String> waiting = tweets.subList(10, 20).stream().map(ItSupport.RawTweet::id).toList();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> second.rejected("signature") >= 1); // the topic's v3, under the old key
      Thread.sleep(5_000); // time the app would need to classify them, were it processing
      assertThat(second.app.ready()).isFalse();
      assertThat(second.app.streams().state()).hasToString("CREATED");
      assertThat(results.poll().stream().map(r -> r.value().getTweetId()))
          .as("results of tweets sent while below the floor")
          .doesNotContainAnyElementsOf(waiting);

      ItSupport.publish(
          stack, models, ItSupport.update(ItSupport.head(encoder, 4, 4), rotated.getPrivate()));
      await().atMost(Duration.ofSeconds(120)).until(second.app::ready);
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  results.poll().stream()
                      .map(r -> r.value().getTweetId())
                      .toList()
                      .containsAll(waiting));
      assertThat(
              results.records.stream()
                  .map(ConsumerRecord::value)
                  .filter(r -> waiting.contains(r.getTweetId()))
                  .map(SentimentResult::getModelVersion))
          .containsOnly(4L);
    }
  }

  /**
   * An app following {@code models} with model updates on, verified by this test's key, serving the
   * bundle's v1 until an update says otherwise; no aggregates, a 50 ms batch delay.
   */
  private Map<String, Object> config(LocalStack stack, String p, String models, EncoderId encoder)
      throws java.io.IOException {
    Map<String, Object> m = ItSupport.appConfig(stack, p, WORK);
    m.put(StreamConfig.TOPIC_MODELS, models);
    m.put(StreamConfig.MODEL_UPDATES_ENABLED, "true");
    m.put(StreamConfig.MODEL_PUBLIC_KEY, Ed25519Keys.toBase64(keys.getPublic()));
    m.put(
        StreamConfig.MODEL_BUNDLE_DIR,
        ItSupport.bundle(WORK.resolve(p + "bundle-v1"), ItSupport.head(encoder, 1, 1)).toString());
    m.put(AggregateSettings.AGGREGATE_ENABLED, "false");
    m.put(StreamConfig.BATCH_MAX_DELAY_MS, "50");
    return m;
  }

  private static Duration ofSeconds(int s) {
    return Duration.ofSeconds(s);
  }

  private static long version(LocalStack stack, byte[] value) {
    if (value == null) {
      return -1;
    }
    ConfluentAvroDeserializer<ModelUpdate> de = new ConfluentAvroDeserializer<>(ModelUpdate.class);
    de.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
    return de.deserialize("models", value).getVersion();
  }

  /** One run of the app on the shared config. */
  private static final class Run implements AutoCloseable {
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final SentimentStreamApp app;

    Run(StreamConfig cfg) {
      app = SentimentStreamApp.start(cfg, registry);
    }

    double rejected() {
      return rejected("stale");
    }

    double rejected(String reason) {
      var c = registry.find("sentiment.model.updates.rejected").tag("reason", reason).counter();
      return c == null ? 0 : c.count();
    }

    /** Sends {@code tweets} once the app is ready; the model versions of their results. */
    List<Long> served(LocalStack stack, String p, List<ItSupport.RawTweet> tweets) {
      await().atMost(Duration.ofSeconds(120)).until(app::ready);
      ItSupport.produce(stack, p + "tweets", tweets);
      List<String> ids = tweets.stream().map(ItSupport.RawTweet::id).toList();
      try (var results = ItSupport.results(stack, p + "tweet-sentiment")) {
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () ->
                    results.poll().stream()
                        .map(r -> r.value().getTweetId())
                        .toList()
                        .containsAll(ids));
        return results.records.stream()
            .map(ConsumerRecord::value)
            .filter(r -> ids.contains(r.getTweetId()))
            .map(SentimentResult::getModelVersion)
            .toList();
      }
    }

    @Override
    public void close() {
      app.close();
    }
  }
}
