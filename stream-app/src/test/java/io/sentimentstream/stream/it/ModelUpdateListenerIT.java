package io.sentimentstream.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sentimentstream.avro.ModelUpdate;
import io.sentimentstream.classifier.Device;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderOptions;
import io.sentimentstream.classifier.Encoders;
import io.sentimentstream.classifier.SentimentClassifier;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.localstack.LocalStackExtension;
import io.sentimentstream.localstack.TcpProxy;
import io.sentimentstream.modelupdates.ModelUpdateCheck;
import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.modelupdates.signing.ModelUpdateVerifier;
import io.sentimentstream.serde.ConfluentAvroDeserializer;
import io.sentimentstream.stream.ClassifierScorer;
import io.sentimentstream.stream.ModelUpdateListener;
import io.sentimentstream.stream.StreamMetrics;
import io.sentimentstream.stream.testing.ItSupport;
import java.net.URI;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The model-update listener while the broker or the registry is away, on the real stack: the
 * dependency sits behind a {@link TcpProxy} that the test cuts and restores.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class ModelUpdateListenerIT {
  private final KeyPair keys = Ed25519Keys.generate();
  private final String topic = "listener-models-" + UUID.randomUUID().toString().substring(0, 8);
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final StreamMetrics metrics = new StreamMetrics(registry);
  private ClassifierScorer scorer;

  @BeforeEach
  void openScorer() {
    Encoder encoder =
        Encoders.open(
            EncoderOptions.defaults().withModel(ItSupport.ENCODER).withDevice(Device.CPU));
    scorer =
        new ClassifierScorer(
            new SentimentClassifier(encoder, ItSupport.head(encoder.id(), 1, 1)), metrics);
  }

  @AfterEach
  void closeScorer() {
    scorer.close();
  }

  private ModelUpdateListener listener(String bootstrap, String registryUrl) {
    ConfluentAvroDeserializer<ModelUpdate> de = new ConfluentAvroDeserializer<>(ModelUpdate.class);
    de.configure(
        Map.of(
            "schema.registry.url", registryUrl,
            "schema.registry.max.retries", "0",
            "schema.registry.max.block.ms", "1000"),
        false);
    return new ModelUpdateListener(
        bootstrap,
        Map.of(),
        topic,
        de,
        new ModelUpdateCheck(new ModelUpdateVerifier(keys.getPublic())),
        scorer,
        metrics);
  }

  private double listenerErrors() {
    var c = registry.find("sentiment.model.updates.listener.errors").counter();
    return c == null ? 0 : c.count();
  }

  private String gauge() {
    return registry
        .scrape()
        .lines()
        .filter(l -> l.startsWith("sentiment_model_updates_following "))
        .findFirst()
        .orElse("(none)");
  }

  @Test
  void keepsRetryingWhileTheBrokerIsNotUpAndFollowsOnceItIs(LocalStack stack) {
    stack.createTopic(topic, 1, Map.of("cleanup.policy", "compact"));
    ItSupport.publish(
        stack,
        topic,
        ItSupport.update(ItSupport.head(scorer.encoderId(), 5, 5), keys.getPrivate()));
    try (TcpProxy broker = TcpProxy.cut(stack.ports().get(0));
        ModelUpdateListener listener =
            listener("127.0.0.1:" + broker.port(), stack.registryUrl())) {
      listener.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> listenerErrors() >= 2);
      assertThat(listener.following()).isFalse();
      assertThat(gauge()).isEqualTo("sentiment_model_updates_following 0.0");
      assertThat(scorer.head().version()).isEqualTo(1);

      broker.restore();
      await().atMost(Duration.ofSeconds(60)).until(() -> scorer.head().version() == 5);
      await().atMost(Duration.ofSeconds(10)).until(listener::following);
      assertThat(gauge()).isEqualTo("sentiment_model_updates_following 1.0");
    }
  }

  @Test
  void anUpdateReadDuringARegistryOutageIsAppliedWhenItIsBackNotRejected(LocalStack stack) {
    stack.createTopic(topic, 1, Map.of("cleanup.policy", "compact"));
    ItSupport.publish(
        stack,
        topic,
        ItSupport.update(ItSupport.head(scorer.encoderId(), 3, 3), keys.getPrivate()));
    URI real = URI.create(stack.registryUrl());
    try (TcpProxy reg = TcpProxy.cut(real.getPort());
        ModelUpdateListener listener =
            listener(stack.bootstrapServers(), "http://127.0.0.1:" + reg.port() + real.getPath())) {
      listener.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> listenerErrors() >= 2);
      assertThat(listener.following()).isFalse();
      assertThat(registry.scrape()).doesNotContain("sentiment_model_updates_rejected_total");

      reg.restore();
      await().atMost(Duration.ofSeconds(60)).until(() -> scorer.head().version() == 3);
      assertThat(registry.scrape()).doesNotContain("sentiment_model_updates_rejected_total");
    }
  }

  @Test
  void aMissingModelTopicIsWaitedForNotAutoCreated(LocalStack stack) throws Exception {
    try (ModelUpdateListener listener = listener(stack.bootstrapServers(), stack.registryUrl())) {
      listener.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> listenerErrors() >= 2);
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
        assertThat(admin.listTopics().names().get()).doesNotContain(topic);
      }

      stack.createTopic(topic, 1, Map.of("cleanup.policy", "compact"));
      ItSupport.publish(
          stack,
          topic,
          ItSupport.update(ItSupport.head(scorer.encoderId(), 4, 4), keys.getPrivate()));
      await().atMost(Duration.ofSeconds(60)).until(() -> scorer.head().version() == 4);
      assertThat(listener.following()).isTrue();
    }
  }
}
