package io.sentimentstream.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.classifier.EncoderId;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.localstack.LocalStackExtension;
import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.stream.DeadLetterHeaders;
import io.sentimentstream.stream.SentimentStreamApp;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.testing.ItSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The stream app in this JVM on the real broker, registry and BERT classifier (MiniLM). */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class StreamAppIT {
  private static final Path WORK = Path.of("target", "it-stream-app").toAbsolutePath();
  private static EncoderId encoder;

  @BeforeAll
  static void model() throws Exception {
    encoder = ItSupport.encoderId();
    ItSupport.bundle(WORK.resolve("model-v1"), ItSupport.head(encoder, 1, 1));
  }

  @Test
  void classifiesRealTweetsWhilePoisonRecordsGoToDeadLetterTopic(LocalStack stack)
      throws Exception {
    String p = "real-";
    createTopics(stack, p);
    List<ItSupport.RawTweet> tweets = ItSupport.gopTweets(150);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (SentimentStreamApp app = SentimentStreamApp.start(config(stack, p, Map.of()), registry)) {
      ItSupport.produce(stack, p + "tweets", tweets.subList(0, 75));
      ItSupport.produceRaw(stack, p + "tweets", bytes("bad-magic"), new byte[] {7, 0, 0, 0, 1, 2});
      ItSupport.produceRaw(stack, p + "tweets", bytes("null-value"), null);
      ItSupport.produce(
          stack,
          p + "tweets",
          List.of(new ItSupport.RawTweet("mentions-only", "@a @b http://x.co")));
      ItSupport.produce(stack, p + "tweets", tweets.subList(75, 150));

      try (var results = ItSupport.results(stack, p + "tweet-sentiment");
          var dlq = ItSupport.raw(stack, p + "tweets-dlq")) {
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> results.poll().size() >= 150 && dlq.poll().size() >= 3);
        Thread.sleep(1_000); // nothing more may arrive
        results.poll();
        dlq.poll();

        List<SentimentResult> out = results.records.stream().map(ConsumerRecord::value).toList();
        assertThat(out).hasSize(150);
        assertThat(out.stream().map(SentimentResult::getTweetId).collect(Collectors.toSet()))
            .isEqualTo(tweets.stream().map(ItSupport.RawTweet::id).collect(Collectors.toSet()));
        for (SentimentResult r : out) {
          assertThat(r.getNegative() + r.getNeutral() + r.getPositive())
              .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
          assertThat(r.getLabel()).isNotNull();
          assertThat(r.getModelVersion()).isEqualTo(1L);
        }
        assertThat(results.records)
            .allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getTweetId()));
        assertThat(results.records)
            .allSatisfy(
                r -> assertThat(r.timestamp()).isEqualTo(r.value().getEventTime().toEpochMilli()));

        assertThat(dlq.records).hasSize(3);
        Map<String, String> reasons = new HashMap<>();
        for (var r : dlq.records) {
          assertThat(header(r, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(p + "tweets");
          assertThat(header(r, DeadLetterHeaders.SOURCE_OFFSET)).matches("\\d+");
          reasons.put(r.key(), header(r, DeadLetterHeaders.ERROR_MESSAGE));
        }
        assertThat(reasons.get("bad-magic")).contains("magic byte 0x07");
        assertThat(reasons.get("null-value")).contains("record value is null");
        assertThat(reasons.get("mentions-only")).contains("empty after cleaning");
      }
      assertThat(httpGet(app.opsPort(), "/health/ready")).isEqualTo(200);
      assertThat(registry.scrape()).contains("sentiment_records_out_total 150.0");
    }
  }

  @Test
  void signedModelUpdateChangesVersionMidStreamAndBadSignatureDoesNot(LocalStack stack)
      throws Exception {
    String p = "swap-";
    createTopics(stack, p);
    KeyPair trusted = Ed25519Keys.generate();
    KeyPair other = Ed25519Keys.generate();
    List<ItSupport.RawTweet> tweets = ItSupport.gopTweets(120);
    Map<String, Object> extra =
        Map.of(StreamConfig.MODEL_PUBLIC_KEY, Ed25519Keys.toPem(trusted.getPublic()));
    try (SentimentStreamApp app = SentimentStreamApp.start(config(stack, p, extra));
        var results = ItSupport.results(stack, p + "tweet-sentiment")) {
      ItSupport.produce(stack, p + "tweets", tweets.subList(0, 60));
      await().atMost(Duration.ofSeconds(60)).until(() -> results.poll().size() >= 60);

      ItSupport.publish(
          stack,
          p + "sentiment-models",
          ItSupport.update(ItSupport.head(encoder, 5, 5), other.getPrivate()));
      ItSupport.publish(
          stack,
          p + "sentiment-models",
          ItSupport.update(ItSupport.head(encoder, 2, 2), trusted.getPrivate()));
      await().atMost(Duration.ofSeconds(30)).until(() -> app.scorer().head().version() == 2);

      ItSupport.produce(stack, p + "tweets", tweets.subList(60, 120));
      await().atMost(Duration.ofSeconds(60)).until(() -> results.poll().size() >= 120);

      Map<String, Long> version =
          results.records.stream()
              .collect(Collectors.toMap(ConsumerRecord::key, r -> r.value().getModelVersion()));
      assertThat(tweets.subList(0, 60))
          .allSatisfy(t -> assertThat(version.get(t.id())).isEqualTo(1L));
      assertThat(tweets.subList(60, 120))
          .allSatisfy(t -> assertThat(version.get(t.id())).isEqualTo(2L));
      assertThat(Set.copyOf(version.values())).containsExactlyInAnyOrder(1L, 2L);
    }
  }

  private static StreamConfig config(LocalStack stack, String prefix, Map<String, Object> extra) {
    Map<String, Object> m = new HashMap<>();
    m.put(StreamConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers());
    m.put(StreamConfig.SCHEMA_REGISTRY_URL, stack.registryUrl());
    m.put(StreamConfig.APPLICATION_ID, prefix + "app");
    m.put(StreamConfig.TOPIC_TWEETS, prefix + "tweets");
    m.put(StreamConfig.TOPIC_RESULTS, prefix + "tweet-sentiment");
    m.put(StreamConfig.TOPIC_DLQ, prefix + "tweets-dlq");
    m.put(StreamConfig.TOPIC_MODELS, prefix + "sentiment-models");
    m.put(StreamConfig.MODEL_BUNDLE_DIR, WORK.resolve("model-v1").toString());
    m.put(StreamConfig.MODEL_DEVICE, "CPU");
    m.put(StreamConfig.BATCH_MAX_SIZE, "16");
    m.put(StreamConfig.BATCH_MAX_DELAY_MS, "50");
    m.put(StreamConfig.OPS_HTTP_HOST, "127.0.0.1");
    m.put(StreamConfig.OPS_HTTP_PORT, "0");
    m.put("state.dir", WORK.resolve("state-" + prefix + System.nanoTime()).toString());
    m.put("session.timeout.ms", "6000");
    m.putAll(extra);
    return new StreamConfig(m);
  }

  private static void createTopics(LocalStack stack, String p) {
    stack.createTopic(p + "tweets", 2, Map.of());
    stack.createTopic(p + "tweet-sentiment", 2, Map.of());
    stack.createTopic(p + "tweets-dlq", 1, Map.of());
    stack.createTopic(p + "sentiment-models", 1, Map.of("cleanup.policy", "compact"));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String header(ConsumerRecord<?, ?> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static int httpGet(int port, String path) throws Exception {
    HttpResponse<String> resp =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    return resp.statusCode();
  }
}
