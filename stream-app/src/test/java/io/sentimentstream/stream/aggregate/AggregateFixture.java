package io.sentimentstream.stream.aggregate;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sentimentstream.avro.Sentiment;
import io.sentimentstream.avro.SentimentAggregate;
import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.serde.InMemorySchemaRegistry;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.SubTopology;
import io.sentimentstream.stream.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/** The aggregate sub-topologies alone in a TopologyTestDriver, fed SentimentResults directly. */
final class AggregateFixture implements AutoCloseable {
  final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  final Serde<SentimentResult> resultSerde = registry.serde(SentimentResult.class);
  final Serde<SentimentAggregate> aggregateSerde = registry.serde(SentimentAggregate.class);
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final Aggregates aggregates;
  final TopologyTestDriver driver;
  final TestInputTopic<byte[], byte[]> results;
  final TestOutputTopic<String, SentimentAggregate> out;
  private final Map<String, SentimentAggregate> compacted = new java.util.LinkedHashMap<>();
  private int seq;

  AggregateFixture(Map<String, Object> overrides) {
    Map<String, Object> m = new HashMap<>(overrides);
    StreamConfig cfg = new StreamConfig(m);
    AggregateSettings s = AggregateSettings.read(cfg);
    aggregates =
        new Aggregates(
            s,
            new Topic<>(s.topic(), Serdes.String(), aggregateSerde),
            new AggregateMetrics(meters),
            new LatestResults(Aggregates.LATEST));
    driver =
        new TopologyTestDriver(
            topology(
                AggregateTopology.of(
                    aggregates, new Topic<>("tweet-sentiment", Serdes.String(), resultSerde))),
            cfg.streamsProperties(),
            Instant.EPOCH);
    results =
        driver.createInputTopic(
            "tweet-sentiment", new ByteArraySerializer(), new ByteArraySerializer());
    out =
        driver.createOutputTopic(
            s.topic(), new StringDeserializer(), aggregateSerde.deserializer());
  }

  private static Topology topology(SubTopology part) {
    StreamsBuilder b = new StreamsBuilder();
    part.addTo(b);
    return b.build();
  }

  /** Pipes a result with this label and text, its probabilities 0.7 on the label, at {@code ms}. */
  void send(Sentiment label, String text, long ms) {
    double[] p = {0.15, 0.15, 0.15};
    p[label.ordinal()] = 0.7;
    String id = "t" + seq++;
    SentimentResult r =
        SentimentResult.newBuilder()
            .setTweetId(id)
            .setCleanText(text)
            .setLabel(label)
            .setNegative(p[0])
            .setNeutral(p[1])
            .setPositive(p[2])
            .setModelVersion(3)
            .setClassifiedAt(Instant.ofEpochMilli(ms))
            .setEventTime(Instant.ofEpochMilli(ms))
            .build();
    results.pipeInput(
        id.getBytes(StandardCharsets.UTF_8),
        resultSerde.serializer().serialize("tweet-sentiment", r),
        ms);
  }

  /**
   * The aggregates topic as compaction would leave it: the last value per key, a tombstone kept as
   * a null value.
   */
  Map<String, SentimentAggregate> compacted() {
    while (!out.isEmpty()) {
      var r = out.readRecord();
      compacted.put(r.key(), r.value());
    }
    return compacted;
  }

  /** The latest aggregate written for {@code key}'s window at {@code start}, null if none. */
  SentimentAggregate last(String key, long start) {
    return compacted().get(key + "@" + start);
  }

  /** Late updates counted for keys of this kind (all, hashtag, term). */
  double late(String kind) {
    var c = meters.find("sentiment.aggregate.late.records").tag("kind", kind).counter();
    return c == null ? 0 : c.count();
  }

  /** Results dated too far ahead, counted for keys of this kind (all, hashtag, term). */
  double future(String kind) {
    var c = meters.find("sentiment.aggregate.future.records").tag("kind", kind).counter();
    return c == null ? 0 : c.count();
  }

  double counter(String name) {
    return meters.find(name).counter() == null ? 0 : meters.find(name).counter().count();
  }

  @Override
  public void close() {
    driver.close();
  }
}
