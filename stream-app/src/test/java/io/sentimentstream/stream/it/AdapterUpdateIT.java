package io.sentimentstream.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sentimentstream.classifier.Adapters;
import io.sentimentstream.classifier.Device;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderId;
import io.sentimentstream.classifier.EncoderOptions;
import io.sentimentstream.classifier.Encoders;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.localstack.LocalStackExtension;
import io.sentimentstream.modelupdates.ModelTopic;
import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.modelupdates.signing.ModelUpdateSigner;
import io.sentimentstream.stream.SentimentStreamApp;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.testing.ItSupport;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stream app on the real broker, registry and e5-small-v2 encoder hot-swaps a signed update
 * that carries adapters: merged between batches, results carry its version, the text cache serves
 * nothing of the old model; an update whose adapters do not fit is refused before anything is
 * swapped; a head-only update afterwards goes back to the base weights.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class AdapterUpdateIT {
  private static final Path WORK = Path.of("target", "it-adapter-update").toAbsolutePath();
  private static final String QUERY = "encoder.layer.11.attention.self.query";
  private static EncoderId encoder;

  @BeforeAll
  static void model() throws Exception {
    try (Encoder e =
        Encoders.open(
            EncoderOptions.defaults()
                .withModel(EncoderOptions.DEFAULT_MODEL)
                .withDevice(Device.CPU))) {
      encoder = e.id();
    }
    ItSupport.bundle(WORK.resolve("model-v1"), ItSupport.head(encoder, 1, 1));
  }

  /** q, k, v and attention output of all 12 layers, rank 16: over 2 MB, beyond Kafka's 1 MB. */
  private static List<String> attentionOfEveryLayer() {
    List<String> t = new ArrayList<>();
    for (int l = 0; l < 12; l++) {
      String p = "encoder.layer." + l + ".attention.";
      t.addAll(List.of(p + "self.query", p + "self.key", p + "self.value", p + "output.dense"));
    }
    return t;
  }

  @Test
  void anAdapterUpdateIsMergedAndServedThenAHeadOnlyUpdateGoesBackToTheBaseWeights(LocalStack stack)
      throws Exception {
    String p = "adapt-";
    stack.createTopic(p + "tweets", 2, Map.of());
    stack.createTopic(p + "tweet-sentiment", 2, Map.of());
    stack.createTopic(p + "tweets-dlq", 1, Map.of());
    KeyPair trusted = Ed25519Keys.generate();
    ModelUpdateSigner signer = new ModelUpdateSigner(trusted.getPrivate());
    List<ItSupport.RawTweet> tweets = ItSupport.gopTweets(30);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (ModelTopic models =
            new ModelTopic(
                p + "sentiment-models",
                Map.of("bootstrap.servers", stack.bootstrapServers()),
                Map.of("schema.registry.url", stack.registryUrl()));
        SentimentStreamApp app =
            SentimentStreamApp.start(
                config(stack, p, Ed25519Keys.toPem(trusted.getPublic())), registry);
        var results = ItSupport.results(stack, p + "tweet-sentiment")) {
      models.ensureCompacted(Duration.ofSeconds(30)); // with max.message.bytes for adapters
      assertThat(models.maxMessageBytes(Duration.ofSeconds(30)))
          .isEqualTo(ModelTopic.TOPIC_MAX_MESSAGE_BYTES);
      assertThat(served(stack, p, results, tweets, "a-")).containsOnly(1L);
      assertThat(app.scorer().adapters()).isNull();

      Adapters big = ItSupport.adapters(encoder, 16, 384, 3, attentionOfEveryLayer());
      assertThat(
              ModelTopic.unsigned(ItSupport.head(encoder, 2, 2), big, Map.of())
                  .toByteBuffer()
                  .remaining())
          .isGreaterThan(2_000_000);
      models.publish(ItSupport.head(encoder, 2, 2), big, Map.of("macro_f1", 0.5), signer);
      await().atMost(Duration.ofSeconds(60)).until(() -> app.scorer().head().version() == 2);
      assertThat(app.scorer().encoder().adapters()).isSameAs(app.scorer().adapters());
      assertThat(app.scorer().adapters().targets()).hasSize(48);
      assertThat(app.scorer().adapters().rank()).isEqualTo(16);
      // the same texts again: the cache must not hand back what model 1 said about them
      assertThat(served(stack, p, results, tweets, "b-")).containsOnly(2L);

      Adapters misfit =
          new Adapters(
              encoder,
              4,
              8f,
              Map.of(QUERY, new Adapters.Pair(new float[4 * 384], new float[1536 * 4], 384, 1536)));
      ItSupport.publish(
          stack,
          p + "sentiment-models",
          ItSupport.update(ItSupport.head(encoder, 3, 3), misfit, trusted.getPrivate()));
      await().atMost(Duration.ofSeconds(60)).until(() -> rejected(registry, "adapters") == 1);
      assertThat(app.scorer().head().version()).isEqualTo(2L);
      assertThat(app.scorer().adapters().targets()).hasSize(48);
      assertThat(served(stack, p, results, tweets, "c-")).containsOnly(2L);

      models.publish(ItSupport.head(encoder, 4, 4), null, Map.of(), signer);
      await().atMost(Duration.ofSeconds(60)).until(() -> app.scorer().head().version() == 4);
      assertThat(app.scorer().encoder().adapters()).isNull();
      assertThat(served(stack, p, results, tweets, "d-")).containsOnly(4L);
    }
  }

  @Test
  void anExistingModelTopicKeepsItsOwnMaxMessageBytesAndReportsIt(LocalStack stack) {
    String name = "adapt-existing-models";
    stack.createTopic(name, 1, Map.of("cleanup.policy", "compact"));
    try (ModelTopic models =
        new ModelTopic(
            name,
            Map.of("bootstrap.servers", stack.bootstrapServers()),
            Map.of("schema.registry.url", stack.registryUrl()))) {
      models.ensureCompacted(Duration.ofSeconds(30)); // logs a warning naming the fix
      assertThat(models.maxMessageBytes(Duration.ofSeconds(30)))
          .isLessThan(ModelTopic.TOPIC_MAX_MESSAGE_BYTES);
    }
  }

  /** Sends {@code tweets} under new ids (same texts); the model versions of their results. */
  private static Set<Long> served(
      LocalStack stack,
      String p,
      ItSupport.Reader<io.sentimentstream.avro.SentimentResult> results,
      List<ItSupport.RawTweet> tweets,
      String idPrefix) {
    List<ItSupport.RawTweet> again =
        tweets.stream().map(t -> new ItSupport.RawTweet(idPrefix + t.id(), t.text())).toList();
    Set<String> ids = again.stream().map(ItSupport.RawTweet::id).collect(Collectors.toSet());
    ItSupport.produce(stack, p + "tweets", again);
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () -> results.poll().stream().filter(r -> ids.contains(r.key())).count() == ids.size());
    return results.records.stream()
        .filter(r -> ids.contains(r.key()))
        .map(ConsumerRecord::value)
        .map(v -> v.getModelVersion())
        .collect(Collectors.toSet());
  }

  private static double rejected(PrometheusMeterRegistry registry, String reason) {
    var c = registry.find("sentiment.model.updates.rejected").tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  private static StreamConfig config(LocalStack stack, String prefix, String publicKey) {
    Map<String, Object> m = ItSupport.appConfig(stack, prefix, WORK);
    m.put(StreamConfig.TOPIC_MODELS, prefix + "sentiment-models");
    m.put(StreamConfig.MODEL_BUNDLE_DIR, WORK.resolve("model-v1").toString());
    m.put(StreamConfig.MODEL_UPDATES_ENABLED, "true");
    m.put(StreamConfig.MODEL_PUBLIC_KEY, publicKey);
    m.put(StreamConfig.CACHE_MAX_ENTRIES, "10000");
    m.put(StreamConfig.BATCH_MAX_SIZE, "16");
    m.put(StreamConfig.BATCH_MAX_DELAY_MS, "50");
    m.put("session.timeout.ms", "6000");
    return new StreamConfig(m);
  }
}
