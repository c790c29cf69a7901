package io.sentimentstream.stream.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sentimentstream.avro.SentimentAggregate;
import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.serde.InMemorySchemaRegistry;
import io.sentimentstream.stream.SentimentTopology;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.StreamMetrics;
import io.sentimentstream.stream.SubTopology;
import io.sentimentstream.stream.Topic;
import io.sentimentstream.stream.Topics;
import io.sentimentstream.stream.internals.BatchBudget;
import io.sentimentstream.stream.testing.FakeScorer;
import io.sentimentstream.stream.testing.TopologyFixture;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/** The aggregates inside the whole topology, and their configuration checks. */
class AggregateWiringTest {
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final StreamConfig cfg =
      new StreamConfig(Map.of(AggregateSettings.AGGREGATE_TERMS, "debate"));
  private final Topics topics =
      new Topics(
          new Topic<>(
              "tweets", Serdes.String(), registry.serde(io.sentimentstream.avro.Tweet.class)),
          new Topic<>("tweet-sentiment", Serdes.String(), registry.serde(SentimentResult.class)),
          new Topic<>("tweets-dlq", Serdes.ByteArray(), Serdes.ByteArray()));

  private Topology topology(FakeScorer scorer, Aggregates aggregates) {
    return topology(scorer, List.of(AggregateTopology.of(aggregates, topics.results())));
  }

  private Topology topology(FakeScorer scorer, List<SubTopology> parts) {
    StreamMetrics metrics = new StreamMetrics(new SimpleMeterRegistry());
    return SentimentTopology.build(
        topics, scorer, cfg, metrics, BatchBudget.of(cfg, metrics::batchCap), parts);
  }

  private Aggregates aggregates() {
    AggregateSettings s = AggregateSettings.read(cfg);
    return new Aggregates(
        s,
        new Topic<>(s.topic(), Serdes.String(), registry.serde(SentimentAggregate.class)),
        new AggregateMetrics(new SimpleMeterRegistry()),
        new LatestResults(5));
  }

  @Test
  void classifierStaysSubTopologyZeroWithAggregatesAddedAfterIt() {
    TopologyDescription d = topology(new FakeScorer(), aggregates()).describe();
    assertThat(d.subtopologies()).hasSize(3);
    for (TopologyDescription.Subtopology s : d.subtopologies()) {
      boolean classifier = s.nodes().stream().anyMatch(n -> n.name().equals("micro-batcher"));
      assertThat(classifier)
          .as("sub-topology %d holds the classifier", s.id())
          .isEqualTo(s.id() == 0);
    }
    assertThat(topology(new FakeScorer(), List.of()).describe().subtopologies()).hasSize(1);
  }

  @Test
  void classifiedTweetsReachTheAggregatesThroughTheResultsTopic() {
    Aggregates a = aggregates();
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            topology(new FakeScorer(), a), cfg.streamsProperties(), TopologyFixture.START)) {
      var tweets =
          driver.createInputTopic("tweets", new ByteArraySerializer(), new ByteArraySerializer());
      var out =
          driver.createOutputTopic(
              a.settings().topic(),
              new StringDeserializer(),
              registry.serde(SentimentAggregate.class).deserializer());
      var ser = topics.tweets().valueSerde().serializer();
      Instant t = Instant.parse("2015-08-07T02:00:30Z");
      for (int i = 0; i < 3; i++) {
        var tweet = TopologyFixture.tweet("id" + i, i == 0 ? "good debate" : "bad debate #gop");
        driver.advanceWallClockTime(java.time.Duration.ofMillis(10));
        tweets.pipeInput(
            tweet.getId().getBytes(StandardCharsets.UTF_8), ser.serialize("tweets", tweet), t);
      }
      driver.advanceWallClockTime(java.time.Duration.ofSeconds(1)); // flush the partial batch
      Map<String, SentimentAggregate> topic = new HashMap<>();
      out.readRecordsToList().forEach(r -> topic.put(r.key(), r.value()));
      long start = Instant.parse("2015-08-07T02:00:00Z").toEpochMilli();
      SentimentAggregate all = topic.get("all@" + start);
      assertThat(all.getTweets()).isEqualTo(3);
      assertThat(all.getPositive()).isEqualTo(1);
      assertThat(all.getNegative()).isEqualTo(2);
      assertThat(topic.get("term:debate@" + start).getTweets()).isEqualTo(3);
      assertThat(topic.get("#gop@" + start).getTweets()).isEqualTo(2);
      assertThat(a.latest().newest(5)).hasSize(3);
    }
  }

  @Test
  void retentionShorterThanWindowPlusGraceStopsStartUpNamingTheKey() {
    Map<String, Object> m = new HashMap<>();
    m.put(AggregateSettings.AGGREGATE_WINDOW_MS, "60000");
    m.put(AggregateSettings.AGGREGATE_GRACE_MS, "30000");
    m.put(AggregateSettings.AGGREGATE_RETENTION_MS, "60000");
    assertThatThrownBy(() -> new StreamConfig(m))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("aggregate.retention.ms")
        .hasMessageContaining("90000");
    m.put(AggregateSettings.AGGREGATE_ENABLED, "false"); // not checked when not used
    assertThat(new StreamConfig(m).getBoolean(AggregateSettings.AGGREGATE_ENABLED)).isFalse();
  }

  @Test
  void capacityBelowTopKAndBadTermsStopStartUpNamingTheKey() {
    assertThatThrownBy(
            () ->
                new StreamConfig(
                    Map.of(
                        AggregateSettings.AGGREGATE_HASHTAGS_TOP_K, "20",
                        AggregateSettings.AGGREGATE_HASHTAGS_CAPACITY, "10")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("aggregate.hashtags.capacity");
    assertThatThrownBy(
            () -> new StreamConfig(Map.of(AggregateSettings.AGGREGATE_TERMS, "trump,,bush")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("aggregate.terms");
    assertThatThrownBy(() -> new StreamConfig(Map.of(AggregateSettings.AGGREGATE_WINDOW_MS, "10")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("aggregate.window.ms");
    assertThat(
            AggregateSettings.read(
                    new StreamConfig(
                        Map.of(AggregateSettings.AGGREGATE_TERMS, " Jeb  Bush ,TRUMP")))
                .terms())
        .containsExactly("jeb bush", "trump");
  }
}
