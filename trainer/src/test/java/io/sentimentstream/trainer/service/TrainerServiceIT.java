package io.sentimentstream.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sentimentstream.avro.LabeledTweet;
import io.sentimentstream.avro.ModelUpdate;
import io.sentimentstream.avro.Sentiment;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderOptions;
import io.sentimentstream.classifier.Encoders;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.HeadCodec;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.localstack.LocalStackExtension;
import io.sentimentstream.modelupdates.ModelTopic;
import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.modelupdates.signing.InvalidModelUpdateException;
import io.sentimentstream.modelupdates.signing.ModelUpdateSigner;
import io.sentimentstream.modelupdates.signing.ModelUpdateVerifier;
import io.sentimentstream.trainer.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retraining service against the real broker and registry: labelled GOP tweets in, a signed
 * model update out; bad records skipped and counted; a candidate failing the gate not published.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class TrainerServiceIT {
  private static Encoder encoder;
  private final KeyPair keys = Ed25519Keys.generate();
  @TempDir Path state;

  @BeforeAll
  static void openEncoder() {
    encoder = Encoders.open(EncoderOptions.defaults().withModel(TestData.FAST_ENCODER));
  }

  @AfterAll
  static void closeEncoder() {
    encoder.close();
  }

  private Map<String, Object> config(LocalStack stack, String suffix) {
    Map<String, Object> c = new HashMap<>();
    c.put("bootstrap.servers", stack.bootstrapServers());
    c.put("schema.registry.url", stack.registryUrl());
    c.put("topic.labeled", "tweets-labeled-" + suffix);
    c.put("topic.models", "sentiment-models-" + suffix);
    c.put("group.id", "trainer-" + suffix);
    c.put("state.dir", state.toString());
    c.put("model.encoder", TestData.FAST_ENCODER);
    c.put("model.signing.key", Ed25519Keys.toPem(keys.getPrivate()));
    // all records are produced before the service starts: one retraining, by the interval
    c.put("retrain.every.labels", "100000");
    c.put("retrain.interval.ms", "3000");
    c.put("retrain.min.labels", "50");
    c.put("train.max.epochs", "30");
    return c;
  }

  @Test
  void labelledTweetsLeadToSignedModelUpdateAndBadRecordsAreSkipped(LocalStack stack)
      throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    TrainerConfig config = new TrainerConfig(config(stack, suffix));
    produceRaw(
        stack,
        config,
        List.of("not avro".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0x7f, 0, 0, 1, 2, 3}));
    produce(stack, config, gopRows(400), null);

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (TrainerService service = new TrainerService(config, encoder, registry)) {
      Thread loop = new Thread(service::run, "trainer-it");
      loop.start();
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> service.lastOutcome() != null);
      assertThat(service.lastOutcome().published()).as(service.lastOutcome().reason()).isTrue();
      assertThat(service.isReady()).isTrue();
      assertThat(service.metrics().publishedCount()).isEqualTo(1);
      assertThat(service.metrics().skippedCount("unreadable")).isEqualTo(2);
    }
    assertThat(registry.scrape())
        .contains(
            "trainer_models_published_total 1.0",
            "trainer_records_skipped_total{reason=\"unreadable\"} 2.0",
            "trainer_labels_seen_total 400.0",
            "trainer_trainings_total 1.0",
            "trainer_models_gated_out_total 0.0");

    ModelUpdate update = readModels(stack, config).get(0);
    new ModelUpdateVerifier(keys.getPublic()).verify(update); // throws if the signature is bad
    assertThat(update.getVersion()).isEqualTo(1);
    assertThat(update.getEncoderIdentity().getName()).isEqualTo(TestData.FAST_ENCODER);
    assertThat(update.getMetrics().get("macro_f1"))
        .isGreaterThan(update.getMetrics().get("baseline_macro_f1"));
    Head head = HeadCodec.decode(update.getHeadWeights());
    assertThat(head.encoder()).isEqualTo(encoder.id());
    assertThat(head.version()).isEqualTo(1);

    ModelUpdate forged = new ModelUpdateSigner(Ed25519Keys.generate().getPrivate()).sign(update);
    assertThatThrownBy(() -> new ModelUpdateVerifier(keys.getPublic()).verify(forged))
        .isInstanceOf(InvalidModelUpdateException.class);
  }

  @Test
  void updatesOnTheModelTopicThatDoNotVerifyAreIgnored(LocalStack stack) throws Exception {
    Map<String, Object> c = config(stack, UUID.randomUUID().toString().substring(0, 8));
    TrainerConfig trusting = new TrainerConfig(c);
    try (ModelTopic topic =
        new ModelTopic(
            trusting.getString(TrainerConfig.TOPIC_MODELS),
            trusting.kafkaProperties(),
            trusting.serdeConfig())) {
      topic.ensureCompacted(Duration.ofSeconds(30)); // or the producer auto-creates it deleting
      ModelUpdateSigner stranger = new ModelUpdateSigner(Ed25519Keys.generate().getPrivate());
      topic.publish(linearHead(99), Map.of(), stranger);
    }
    c.put(TrainerConfig.PUBLIC_KEY, Ed25519Keys.toPem(keys.getPublic()));
    TrainerConfig verifying = new TrainerConfig(c);

    assertThat(servingVersionAtStart(trusting)).isEqualTo("trainer_serving_version 99.0");
    assertThat(servingVersionAtStart(verifying)).isEqualTo("trainer_serving_version 0.0");
  }

  private String servingVersionAtStart(TrainerConfig config) throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (TrainerService service = new TrainerService(config, encoder, registry)) {
      Thread loop = new Thread(service::run, "trainer-it");
      loop.start();
      await().atMost(Duration.ofSeconds(60)).until(service::isReady); // the topic was read
    }
    return registry
        .scrape()
        .lines()
        .filter(l -> l.startsWith("trainer_serving_version "))
        .findFirst()
        .orElseThrow();
  }

  private static Head linearHead(long version) {
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

  @Test
  void candidateThatFailsTheGateIsNotPublished(LocalStack stack) throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    TrainerConfig config = new TrainerConfig(config(stack, suffix));
    // every label NEGATIVE: no head can beat always answering NEGATIVE on the held-out slice
    produce(stack, config, gopRows(300), Sentiment.NEGATIVE);

    try (TrainerService service = new TrainerService(config, encoder, new SimpleMeterRegistry())) {
      Thread loop = new Thread(service::run, "trainer-it");
      loop.start();
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> service.lastOutcome() != null);
      assertThat(service.lastOutcome().published()).isFalse();
      assertThat(service.lastOutcome().reason()).contains("majority-class baseline");
      assertThat(service.metrics().gatedOutCount()).isEqualTo(1);
      assertThat(service.metrics().publishedCount()).isZero();
    }
    assertThat(readModels(stack, config)).isEmpty();
  }

  private static List<LabeledTweet> gopRows(int n) throws Exception {
    return ItTopics.gopRows(n);
  }

  private static void produce(
      LocalStack stack, TrainerConfig config, List<LabeledTweet> tweets, Sentiment override) {
    ItTopics.produce(stack, config, tweets, override);
  }

  private static void produceRaw(LocalStack stack, TrainerConfig config, List<byte[]> values) {
    ItTopics.produceRaw(stack, config, values);
  }

  private static List<ModelUpdate> readModels(LocalStack stack, TrainerConfig config) {
    return ItTopics.readModels(stack, config, 1);
  }
}
