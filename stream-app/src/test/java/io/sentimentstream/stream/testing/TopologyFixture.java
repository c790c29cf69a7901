package io.sentimentstream.stream.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.avro.Tweet;
import io.sentimentstream.serde.InMemorySchemaRegistry;
import io.sentimentstream.stream.SentimentScorer;
import io.sentimentstream.stream.SentimentTopology;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.StreamMetrics;
import io.sentimentstream.stream.Topic;
import io.sentimentstream.stream.Topics;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The real topology in a TopologyTestDriver, with an in-memory registry and given scorer. */
public final class TopologyFixture implements AutoCloseable {
  public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  public final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  public final Serde<Tweet> tweetSerde = registry.serde(Tweet.class);
  public final Serde<SentimentResult> resultSerde = registry.serde(SentimentResult.class);
  public final StreamMetrics metrics = new StreamMetrics(new SimpleMeterRegistry());
  public final StreamConfig config;
  public final TopologyTestDriver driver;
  public final TestInputTopic<byte[], byte[]> tweets;
  public final TestOutputTopic<String, SentimentResult> results;
  public final TestOutputTopic<byte[], byte[]> deadLetters;

  /** Builds the topology with {@code overrides} on top of the default config. */
  public TopologyFixture(SentimentScorer scorer, Map<String, Object> overrides) {
    Map<String, Object> m = new HashMap<>(overrides);
    config = new StreamConfig(m);
    Topics topics =
        new Topics(
            new Topic<>("tweets", Serdes.String(), tweetSerde),
            new Topic<>("tweet-sentiment", Serdes.String(), resultSerde),
            new Topic<>("tweets-dlq", Serdes.ByteArray(), Serdes.ByteArray()));
    Properties props = config.streamsProperties();
    driver =
        new TopologyTestDriver(
            SentimentTopology.build(topics, scorer, config, metrics), props, START);
    tweets =
        driver.createInputTopic("tweets", new ByteArraySerializer(), new ByteArraySerializer());
    results =
        driver.createOutputTopic(
            "tweet-sentiment", new StringDeserializer(), resultSerde.deserializer());
    deadLetters =
        driver.createOutputTopic(
            "tweets-dlq", new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** A tweet with this id and text. */
  public static Tweet tweet(String id, String text) {
    return Tweet.newBuilder()
        .setId(id)
        .setText(text)
        .setUser("someone")
        .setCreatedAt(START)
        .build();
  }

  /** Wire-format bytes of a tweet. */
  public byte[] bytes(Tweet t) {
    return tweetSerde.serializer().serialize("tweets", t);
  }

  /** Pipes a tweet keyed by its id with the given event time. */
  public void send(Tweet t, Instant time) {
    tweets.pipeInput(t.getId().getBytes(java.nio.charset.StandardCharsets.UTF_8), bytes(t), time);
  }

  @Override
  public void close() {
    driver.close();
  }
}
