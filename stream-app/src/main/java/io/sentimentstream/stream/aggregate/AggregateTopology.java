package io.sentimentstream.stream.aggregate;

import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.stream.SubTopology;
import io.sentimentstream.stream.Topic;
import io.sentimentstream.stream.aggregate.internals.AggregateKeys;
import io.sentimentstream.stream.aggregate.internals.AggregatePartitioner;
import io.sentimentstream.stream.aggregate.internals.Contribution;
import io.sentimentstream.stream.aggregate.internals.HashtagIndex;
import io.sentimentstream.stream.aggregate.internals.ResultFanOut;
import io.sentimentstream.stream.aggregate.internals.WindowAggregate;
import io.sentimentstream.stream.aggregate.internals.WindowAggregator;
import java.time.Duration;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The aggregate sub-topologies: results topic -> one contribution per aggregate key (all, hashtags,
 * terms) -> repartition by key ({@code <app id>-windowed-by-key-repartition}, hashtags together) ->
 * tumbling event-time windows in a changelogged window store -> the compacted aggregates topic.
 *
 * <p>They read the results topic like any consumer, so the classifier's sub-topology does no extra
 * work for them (its tasks only write the results, as before).
 */
public final class AggregateTopology {
  /** The window store (interactive queries): aggregate key -> WindowAggregate per window start. */
  public static final String WINDOW_STORE = "aggregate-windows";

  /** The per-window hashtag index (window start -> HashtagIndex), on the partition of key "#". */
  public static final String INDEX_STORE = "aggregate-hashtag-index";

  /** Name of the repartition step; the topic is {@code <app id>-windowed-by-key-repartition}. */
  public static final String REPARTITION = "windowed-by-key";

  private AggregateTopology() {}

  /**
   * The aggregates as a part of the app's topology, fed by the results topic.
   *
   * @param results the results topic (its value serde reads the results)
   */
  public static SubTopology of(Aggregates aggregates, Topic<String, SentimentResult> results) {
    return b -> add(b, aggregates, results.name(), results.valueSerde().deserializer());
  }

  private static void add(
      StreamsBuilder b, Aggregates a, String resultsTopic, Deserializer<SentimentResult> de) {
    AggregateSettings s = a.settings();
    b.addStateStore(
        Stores.windowStoreBuilder(
                Stores.inMemoryWindowStore(
                    WINDOW_STORE,
                    Duration.ofMillis(s.retentionMs()),
                    Duration.ofMillis(s.windowMs()),
                    false),
                Serdes.String(),
                WindowAggregate.serde())
            .withCachingEnabled());
    b.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(INDEX_STORE), Serdes.Long(), HashtagIndex.serde())
            .withCachingEnabled());
    AggregateKeys keys = new AggregateKeys(s.terms(), s.hashtags());
    b.stream(
            resultsTopic,
            Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                .withName("windowed-results-source"))
        .process(
            () -> new ResultFanOut(de, keys, a.metrics(), a.latest()), Named.as("windowed-keys"))
        .repartition(
            Repartitioned.<String, Contribution>as(REPARTITION)
                .withKeySerde(Serdes.String())
                .withValueSerde(Contribution.serde())
                .withStreamPartitioner(new AggregatePartitioner<>()))
        .process(
            () -> new WindowAggregator(s, a.metrics(), WINDOW_STORE, INDEX_STORE),
            Named.as("windowed-aggregator"),
            WINDOW_STORE,
            INDEX_STORE)
        .to(
            a.topic().name(),
            Produced.with(a.topic().keySerde(), a.topic().valueSerde())
                .withName("windowed-aggregates-sink"));
  }
}
