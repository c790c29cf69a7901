package io.sentimentstream.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.localstack.LocalStackExtension;
import io.sentimentstream.localstack.TcpProxy;
import io.sentimentstream.stream.DeadLetterHeaders;
import io.sentimentstream.stream.SentimentStreamApp;
import io.sentimentstream.stream.SentimentTopology;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.StreamMetrics;
import io.sentimentstream.stream.testing.ItSupport;
import io.sentimentstream.stream.testing.SlowScorer;
import io.sentimentstream.stream.testing.TweetPayloads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real registry goes away mid-stream. Cut off by the network (it keeps its schemas): records
 * with a schema id the app has read keep flowing from its cache, records with an id it has not read
 * wait (no dead letter) and flow once it answers again. Restarted empty (the local registry keeps
 * schemas in memory; its own stack): the held records' id is then unknown, a definite answer, so
 * they are dead-lettered, none lost.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class RegistryOutageIT {
  private static final Path WORK = Path.of("target", "it-registry-outage").toAbsolutePath();

  @Test
  void seenIdsFlowUnseenIdsWaitAndAllFlowWhenTheRegistryIsReachableAgain(LocalStack stack)
      throws Exception {
    String p = "cut-";
    createTopics(stack, p);
    List<ItSupport.RawTweet> tweets = ItSupport.gopTweets(90);
    List<byte[]> v1 = TweetPayloads.current(stack, p + "tweets", tweets.subList(0, 60));
    Schema v2Schema = TweetPayloads.withField("region");
    int v2Id = TweetPayloads.register(stack.registryUrl(), p + "tweets-value", v2Schema);
    List<byte[]> v2 = TweetPayloads.with(v2Schema, v2Id, tweets.subList(60, 90));
    try (TcpProxy proxy = TcpProxy.forwarding(stack.ports().get(1))) {
      String viaProxy =
          stack.registryUrl().replace(":" + stack.ports().get(1) + "/", ":" + proxy.port() + "/");
      StreamMetrics metrics = new StreamMetrics(new SimpleMeterRegistry());
      try (KafkaStreams streams = streams(config(stack, p, viaProxy), metrics);
          var results = ItSupport.results(stack, p + "tweet-sentiment");
          var dlq = ItSupport.raw(stack, p + "tweets-dlq")) {
        streams.start();
        produce(stack, p, tweets.subList(0, 30), v1.subList(0, 30));
        await().atMost(Duration.ofSeconds(60)).until(() -> ids(results.poll()) >= 30);

        proxy.cut(); // the registry keeps running, with its schemas: only the network is gone
        produce(stack, p, tweets.subList(30, 60), v1.subList(30, 60)); // id read before: cached
        produce(stack, p, tweets.subList(60, 90), v2); // id the app never read
        await().atMost(Duration.ofSeconds(60)).until(() -> ids(results.poll()) >= 60);
        await().atMost(Duration.ofSeconds(30)).until(() -> metrics.held() == 30);
        Thread.sleep(3_000); // retries while cut
        assertThat(ids(results.poll()))
            .as("unseen ids wait while the registry is away")
            .isEqualTo(60);
        assertThat(dlq.poll()).as("an outage is not poison").isEmpty();

        proxy.restore();
        await().atMost(Duration.ofSeconds(90)).until(() -> ids(results.poll()) >= 90);
        Thread.sleep(2_000);
        Map<String, Long> counts =
            results.poll().stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        assertThat(counts).hasSize(90);
        assertThat(counts.values()).allMatch(c -> c == 1L);
        assertThat(dlq.poll()).isEmpty();
        assertThat(metrics.held()).isZero();
      }
    }
  }

  @Test
  void heldRecordsWhoseIdAnEmptyRestartedRegistryDoesNotKnowAreDeadLetteredNotLost()
      throws Exception {
    String p = "empty-";
    try (LocalStack stack = LocalStack.start(WORK.resolve("stack-" + System.nanoTime()))) {
      createTopics(stack, p);
      List<ItSupport.RawTweet> tweets = ItSupport.gopTweets(40);
      List<byte[]> v1 = TweetPayloads.current(stack, p + "tweets", tweets.subList(0, 20));
      Schema v2Schema = TweetPayloads.withField("region");
      int v2Id = TweetPayloads.register(stack.registryUrl(), p + "tweets-value", v2Schema);
      List<byte[]> v2 = TweetPayloads.with(v2Schema, v2Id, tweets.subList(20, 40));
      StreamMetrics metrics = new StreamMetrics(new SimpleMeterRegistry());
      try (KafkaStreams streams = streams(config(stack, p, stack.registryUrl()), metrics);
          var results = ItSupport.results(stack, p + "tweet-sentiment");
          var dlq = ItSupport.raw(stack, p + "tweets-dlq")) {
        streams.start();
        produce(stack, p, tweets.subList(0, 20), v1);
        await().atMost(Duration.ofSeconds(60)).until(() -> ids(results.poll()) >= 20);
        stack.stopRegistry();
        produce(stack, p, tweets.subList(20, 40), v2);
        await().atMost(Duration.ofSeconds(30)).until(() -> metrics.held() == 20);
        assertThat(dlq.poll()).isEmpty();

        stack.startRegistry(); // in-memory: back without the schemas it had
        await().atMost(Duration.ofSeconds(90)).until(() -> dlq.poll().size() >= 20);
        assertThat(dlq.records)
            .allSatisfy(
                r ->
                    assertThat(header(r, DeadLetterHeaders.ERROR_MESSAGE))
                        .contains("unknown schema id " + v2Id));
        assertThat(dlq.records)
            .extracting(ConsumerRecord::key)
            .containsExactlyInAnyOrderElementsOf(
                tweets.subList(20, 40).stream().map(ItSupport.RawTweet::id).toList());
        assertThat(ids(results.poll())).isEqualTo(20);
        assertThat(metrics.held()).isZero();
      }
    }
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static KafkaStreams streams(StreamConfig cfg, StreamMetrics metrics) {
    return new KafkaStreams(
        SentimentTopology.build(
            SentimentStreamApp.topics(cfg), new SlowScorer(n -> 1), cfg, metrics),
        cfg.streamsProperties());
  }

  private static void createTopics(LocalStack stack, String p) {
    stack.createTopic(p + "tweets", 2, Map.of());
    stack.createTopic(p + "tweet-sentiment", 2, Map.of());
    stack.createTopic(p + "tweets-dlq", 1, Map.of());
  }

  private static long ids(List<ConsumerRecord<String, SentimentResult>> records) {
    return records.stream().map(ConsumerRecord::key).distinct().count();
  }

  private static void produce(
      LocalStack stack, String p, List<ItSupport.RawTweet> t, List<byte[]> values) {
    for (int i = 0; i < t.size(); i++) {
      ItSupport.produceRaw(
          stack, p + "tweets", t.get(i).id().getBytes(StandardCharsets.UTF_8), values.get(i));
    }
  }

  private static StreamConfig config(LocalStack stack, String p, String registryUrl) {
    Map<String, Object> m = ItSupport.appConfig(stack, p, WORK);
    m.put(StreamConfig.SCHEMA_REGISTRY_URL, registryUrl);
    m.put(StreamConfig.BATCH_MAX_DELAY_MS, "50");
    m.put("schema.registry.max.block.ms", "2000");
    return new StreamConfig(m);
  }
}
