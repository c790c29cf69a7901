package io.sentimentstream.stream.aggregate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sentimentstream.avro.Tweet;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.serde.ConfluentAvroSerializer;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.aggregate.AggregateSettings;
import io.sentimentstream.stream.cli.GopReplay;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Shared pieces of the aggregate integration tests: config, topics, replay, HTTP. */
final class AggregateIt {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private AggregateIt() {}

  static StreamConfig config(
      LocalStack stack, String p, Path work, Path bundle, Map<String, Object> extra) {
    Map<String, Object> m = new HashMap<>();
    m.put(StreamConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers());
    m.put(StreamConfig.SCHEMA_REGISTRY_URL, stack.registryUrl());
    m.put(StreamConfig.APPLICATION_ID, p + "app");
    m.put(StreamConfig.TOPIC_TWEETS, p + "tweets");
    m.put(StreamConfig.TOPIC_RESULTS, p + "tweet-sentiment");
    m.put(StreamConfig.TOPIC_DLQ, p + "tweets-dlq");
    m.put(StreamConfig.TOPIC_MODELS, p + "sentiment-models");
    m.put(AggregateSettings.TOPIC_AGGREGATES, p + "sentiment-aggregates");
    m.put(StreamConfig.MODEL_BUNDLE_DIR, bundle.toString());
    m.put(StreamConfig.MODEL_DEVICE, "CPU");
    m.put(StreamConfig.MODEL_UPDATES_ENABLED, "false");
    m.put(StreamConfig.BATCH_MAX_SIZE, "16");
    m.put(StreamConfig.BATCH_MAX_DELAY_MS, "50");
    m.put(StreamConfig.OPS_HTTP_HOST, "127.0.0.1");
    m.put(StreamConfig.OPS_HTTP_PORT, "0");
    m.put("state.dir", work.resolve("state-" + p + System.nanoTime()).toString());
    m.put("session.timeout.ms", "6000");
    m.putAll(extra);
    return new StreamConfig(m);
  }

  /**
   * Creates the input, results (no time-based retention: the replay's event times are from 2015)
   * and dead-letter topics; the app creates the aggregates topic itself.
   */
  static void createTopics(LocalStack stack, String p, int partitions) {
    Map<String, String> keep = Map.of("retention.ms", "-1");
    stack.createTopic(p + "tweets", partitions, keep);
    stack.createTopic(p + "tweet-sentiment", partitions, keep);
    stack.createTopic(p + "tweets-dlq", 1, Map.of());
  }

  /** Produces GOP rows keyed by id with their posting time as the record timestamp. */
  static void produce(LocalStack stack, String topic, List<GopReplay.Row> rows) {
    ConfluentAvroSerializer<Tweet> ser = new ConfluentAvroSerializer<>(Tweet.class);
    ser.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
    try (KafkaProducer<String, Tweet> p =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
            new StringSerializer(),
            ser)) {
      for (GopReplay.Row r : rows) {
        Tweet t =
            Tweet.newBuilder()
                .setId(r.id())
                .setText(r.text())
                .setUser(r.user())
                .setCreatedAt(r.createdAt())
                .build();
        p.send(new ProducerRecord<>(topic, null, r.createdAt().toEpochMilli(), r.id(), t));
      }
    }
  }

  /** GET http://127.0.0.1:port/path as JSON; throws unless the status is 200. */
  static JsonNode get(int port, String path) throws Exception {
    HttpResponse<String> r = getRaw(port, path);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  static HttpResponse<String> getRaw(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Total tweets over every window of {@code key} (0 if the query cannot be answered yet). */
  static long total(int port, String key) {
    try {
      long n = 0;
      for (JsonNode w : get(port, "/aggregates?key=" + enc(key)).get("windows")) {
        n += w.get("tweets").asLong();
      }
      return n;
    } catch (Exception | AssertionError e) {
      org.slf4j.LoggerFactory.getLogger(AggregateIt.class).info("Not yet: {}", e.getMessage());
      return -1;
    }
  }

  static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
