package io.sentimentstream.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sentimentstream.avro.ModelUpdate;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderOptions;
import io.sentimentstream.classifier.Encoders;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.localstack.LocalStackExtension;
import io.sentimentstream.localstack.TcpProxy;
import io.sentimentstream.modelupdates.ModelTopic;
import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.modelupdates.signing.ModelUpdateSigner;
import io.sentimentstream.trainer.TestData;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer when a dependency is away or wrong, on the real broker and registry: the registry
 * sits behind a {@link TcpProxy} the test cuts (connections refused, as when its process is down)
 * and restores.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class TrainerFailureIT {
  private static Encoder encoder;
  private final KeyPair keys = Ed25519Keys.generate();
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  @TempDir Path state;

  @BeforeAll
  static void openEncoder() {
    encoder = Encoders.open(EncoderOptions.defaults().withModel(TestData.FAST_ENCODER));
  }

  @AfterAll
  static void closeEncoder() {
    encoder.close();
  }

  private Map<String, Object> config(LocalStack stack, String registryUrl) {
    Map<String, Object> c = new HashMap<>();
    c.put("bootstrap.servers", stack.bootstrapServers());
    c.put("schema.registry.url", registryUrl);
    c.put("schema.registry.max.retries", "0");
    c.put("schema.registry.max.block.ms", "1000");
    c.put("topic.labeled", "tweets-labeled-" + suffix);
    c.put("topic.models", "sentiment-models-" + suffix);
    c.put("group.id", "trainer-" + suffix);
    c.put("state.dir", state.toString());
    c.put("model.encoder", TestData.FAST_ENCODER);
    c.put("model.signing.key", Ed25519Keys.toPem(keys.getPrivate()));
    c.put("model.public.key", Ed25519Keys.toPem(keys.getPublic()));
    c.put("retrain.every.labels", "100000");
    c.put("retrain.interval.ms", "3000");
    c.put("retrain.min.labels", "50");
    c.put("train.max.epochs", "20");
    return c;
  }

  /** The stack's registry URL with its port replaced by the proxy's. */
  private static String via(LocalStack stack, TcpProxy proxy) {
    URI u = URI.create(stack.registryUrl());
    return "http://127.0.0.1:" + proxy.port() + u.getPath();
  }

  private static Thread runInBackground(TrainerService service) {
    Thread loop = new Thread(service::run, "trainer-it");
    loop.setDaemon(true);
    loop.start();
    return loop;
  }

  @Test
  void labelsReadDuringARegistryOutageAreNotSkippedNorCommittedAndAreTrainedOnOnceItIsBack(
      LocalStack stack) throws Exception {
    try (TcpProxy registry = TcpProxy.cut(stack.ports().get(1))) {
      TrainerConfig config = new TrainerConfig(config(stack, via(stack, registry)));
      ItTopics.produce(stack, config, ItTopics.gopRows(400), null);
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      try (TrainerService service = new TrainerService(config, encoder, meters)) {
        runInBackground(service);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> service.metrics().transientErrorCount("labeled") >= 2);

        assertThat(service.metrics().skippedCount("unreadable")).isZero();
        assertThat(committedOffsets(stack, config).values())
            .as("nothing committed past the first label")
            .allSatisfy(o -> assertThat(o.offset()).isZero());
        assertThat(service.isReady()).isFalse();

        registry.restore();
        await()
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> service.lastOutcome() != null);
        assertThat(service.lastOutcome().published()).as(service.lastOutcome().reason()).isTrue();
        assertThat(service.metrics().skippedCount("unreadable")).isZero();
        assertThat(meters.get("trainer.labels.seen").counter().count()).isEqualTo(400);
        assertThat(service.isReady()).isTrue();
      }
    }
  }

  @Test
  void aTrainerStartedDuringARegistryOutageWaitsThenContinuesFromTheHighestVersionOnTheTopic(
      LocalStack stack) throws Exception {
    TrainerConfig direct = new TrainerConfig(config(stack, stack.registryUrl()));
    try (ModelTopic topic =
        new ModelTopic(
            direct.getString(TrainerConfig.TOPIC_MODELS),
            direct.kafkaProperties(),
            direct.serdeConfig())) {
      topic.ensureCompacted(Duration.ofSeconds(30));
      topic.publish(zeroHead(7), Map.of(), new ModelUpdateSigner(keys.getPrivate()));
    }
    ItTopics.produce(stack, direct, ItTopics.gopRows(400), null);

    try (TcpProxy registry = TcpProxy.cut(stack.ports().get(1))) {
      TrainerConfig config = new TrainerConfig(config(stack, via(stack, registry)));
      try (TrainerService service =
          new TrainerService(config, encoder, new SimpleMeterRegistry())) {
        runInBackground(service);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> service.metrics().transientErrorCount("model_topic") >= 2);
        assertThat(service.isReady()).isFalse();
        assertThat(service.lastOutcome()).isNull();

        registry.restore();
        await()
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> service.lastOutcome() != null);
        assertThat(service.lastOutcome().published()).as(service.lastOutcome().reason()).isTrue();
        assertThat(service.lastOutcome().version()).isEqualTo(8);
      }
    }
    assertThat(ItTopics.readModels(stack, direct, 2))
        .extracting(ModelUpdate::getVersion)
        .containsExactly(7L, 8L);
  }

  @Test
  void aPublishThatFailsIsRetriedWithoutNewLabelsUnderANewVersion(LocalStack stack)
      throws Exception {
    TrainerConfig direct = new TrainerConfig(config(stack, stack.registryUrl()));
    long published;
    try (TcpProxy registry = TcpProxy.forwarding(stack.ports().get(1))) {
      Map<String, Object> c = config(stack, via(stack, registry));
      c.put("retrain.interval.ms", "10000");
      TrainerConfig config = new TrainerConfig(c);
      ItTopics.produce(stack, config, ItTopics.gopRows(400), null);
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      try (TrainerService service = new TrainerService(config, encoder, meters)) {
        runInBackground(service);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> meters.get("trainer.labels.seen").counter().count() == 400);
        registry.cut(); // before the first retraining, due 10 s after start
        await()
            .atMost(Duration.ofMinutes(3))
            .until(() -> meters.get("trainer.models.publish.failures").counter().count() >= 1);

        registry.restore();
        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> service.metrics().publishedCount() == 1);
        long failures = (long) meters.get("trainer.models.publish.failures").counter().count();
        published = service.lastOutcome().version();
        assertThat(published)
            .as("v1..v%d burned by failed attempts", failures)
            .isEqualTo(1 + failures);
      }
    }
    assertThat(ItTopics.readModels(stack, direct, 1))
        .extracting(ModelUpdate::getVersion)
        .containsExactly(published);
  }

  @Test
  void aModelTopicThatIsNotCompactedStopsTheTrainerNamingCleanupPolicy(LocalStack stack) {
    TrainerConfig config = new TrainerConfig(config(stack, stack.registryUrl()));
    String models = config.getString(TrainerConfig.TOPIC_MODELS);
    stack.createTopic(models, 1, Map.of("cleanup.policy", "delete"));

    assertThatThrownBy(
            () ->
                assertTimeoutPreemptively(
                    Duration.ofSeconds(60),
                    () -> {
                      try (TrainerService service =
                          new TrainerService(config, encoder, new SimpleMeterRegistry())) {
                        service.run();
                      }
                    }))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid value delete for configuration cleanup.policy")
        .hasMessageContaining("topic " + models);
  }

  @Test
  void readingAMissingModelTopicDoesNotCreateIt(LocalStack stack) throws Exception {
    TrainerConfig config = new TrainerConfig(config(stack, stack.registryUrl()));
    String models = config.getString(TrainerConfig.TOPIC_MODELS);
    try (ModelTopic topic =
        new ModelTopic(models, config.kafkaProperties(), config.serdeConfig())) {
      assertThat(topic.read(TestData.FAST_ENCODER, null, Duration.ofSeconds(10)).maxVersion())
          .isZero();
    }
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      assertThat(admin.listTopics().names().get()).doesNotContain(models);
    }
  }

  private Map<TopicPartition, OffsetAndMetadata> committedOffsets(
      LocalStack stack, TrainerConfig config) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      return admin
          .listConsumerGroupOffsets(config.getString(TrainerConfig.GROUP_ID))
          .partitionsToOffsetAndMetadata()
          .get();
    }
  }

  private static Head zeroHead(long version) {
    float[][] w = new float[3][encoder.hiddenSize()];
    return new Head(
        Head.Type.LINEAR,
        encoder.id(),
        encoder.pooling(),
        version,
        w,
        new float[3],
        null,
        null,
        null);
  }
}
