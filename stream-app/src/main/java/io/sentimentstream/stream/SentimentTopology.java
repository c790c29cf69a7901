package io.sentimentstream.stream;

import io.sentimentstream.avro.Tweet;
import io.sentimentstream.serde.ConfluentAvroDeserializer;
import io.sentimentstream.stream.internals.BatchBudget;
import io.sentimentstream.stream.internals.BatchFormer;
import io.sentimentstream.stream.internals.MicroBatchProcessor;
import io.sentimentstream.stream.internals.PendingTweetSerde;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the stream app's topology: {@code tweets} (raw bytes) -> decode, validate, clean ->
 * changelogged micro-batch buffer -> classify -> {@code tweet-sentiment}, with unreadable, invalid
 * and failed records going to the dead-letter topic.
 *
 * <p>The source reads raw bytes (not Avro) so that a record the serde cannot read reaches our
 * processor, which dead-letters it with its original bytes, instead of a deserialization handler
 * that cannot forward to a sink.
 */
public final class SentimentTopology {
  /**
   * Name of the micro-batch buffer store; its changelog is {@code <app
   * id>-pending-tweets-changelog}.
   */
  public static final String BUFFER_STORE = "pending-tweets";

  /** Name of the store of records waiting for the schema registry (see HeldRecords). */
  public static final String HELD_STORE = "held-tweets";

  static final String SOURCE = "tweets-source";
  static final String PROCESSOR = "micro-batcher";
  static final String RESULTS_SINK = "results-sink";
  static final String DLQ_SINK = "dead-letter-sink";

  // The buffer's changelog only ever holds a few batches of live keys; small segments let
  // compaction drop deleted entries soon, so a restore after a crash reads little.
  private static final Map<String, String> CHANGELOG_CONFIG =
      Map.of(
          "segment.bytes", Integer.toString(16 * 1024 * 1024), "min.cleanable.dirty.ratio", "0.1");

  private SentimentTopology() {}

  /**
   * Builds the topology with an uncalibrated batch budget (its first pass sets the cost shape).
   *
   * @see #build(Topics, SentimentScorer, StreamConfig, StreamMetrics, BatchBudget)
   */
  public static Topology build(
      Topics topics, SentimentScorer scorer, StreamConfig cfg, StreamMetrics metrics) {
    return build(topics, scorer, cfg, metrics, BatchBudget.of(cfg, metrics::batchCap));
  }

  /**
   * Builds the topology.
   *
   * @param topics topic names and serdes (the tweets value serde decodes inside the processor)
   * @param scorer the model
   * @param cfg batch delay and text limit
   * @param metrics where counts and timings go
   * @param budget sizes every forward pass (shared by all tasks)
   */
  public static Topology build(
      Topics topics,
      SentimentScorer scorer,
      StreamConfig cfg,
      StreamMetrics metrics,
      BatchBudget budget) {
    return build(topics, scorer, cfg, metrics, budget, List.of());
  }

  /**
   * Builds the topology, the classifier's nodes first, then the optional {@code parts} (such as the
   * windowed aggregates, fed by the results topic so the classifier's path does no work for them).
   */
  public static Topology build(
      Topics topics,
      SentimentScorer scorer,
      StreamConfig cfg,
      StreamMetrics metrics,
      BatchBudget budget,
      List<SubTopology> parts) {
    MicroBatchProcessor.Settings settings =
        new MicroBatchProcessor.Settings(
            BUFFER_STORE,
            HELD_STORE,
            RESULTS_SINK,
            DLQ_SINK,
            cfg.getLong(StreamConfig.BATCH_MAX_DELAY_MS),
            cfg.getInt(StreamConfig.TWEET_ID_MAX_BYTES),
            cfg.getInt(StreamConfig.TEXT_MAX_BYTES),
            cfg.getInt(StreamConfig.RECORD_MAX_BYTES),
            cfg.getInt(StreamConfig.REGISTRY_HOLD_MAX_RECORDS),
            cfg.getLong(StreamConfig.REGISTRY_HOLD_MAX_BYTES));
    // One former for all tasks: a pass with room computes what other partitions' tasks wait for.
    BatchFormer former = BatchFormer.of(cfg, scorer, budget, metrics);
    ClassifierFirst builder = new ClassifierFirst();
    Topology t = builder.topology(); // classifier first: it stays sub-topology 0
    t.addSource(
        SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.tweets().name());
    Deserializer<Tweet> tweets = topics.tweets().valueSerde().deserializer();
    Predicate<byte[]> needsRegistry =
        tweets instanceof ConfluentAvroDeserializer<Tweet> d ? d::needsRegistry : b -> false;
    t.addProcessor(
        PROCESSOR,
        () -> new MicroBatchProcessor(settings, tweets, needsRegistry, former, metrics),
        SOURCE);
    for (String store : new String[] {BUFFER_STORE, HELD_STORE}) {
      t.addStateStore(
          Stores.keyValueStoreBuilder(
                  Stores.inMemoryKeyValueStore(store), Serdes.Long(), PendingTweetSerde.create())
              .withLoggingEnabled(CHANGELOG_CONFIG)
              .withCachingDisabled(),
          PROCESSOR);
    }
    t.addSink(
        RESULTS_SINK,
        topics.results().name(),
        topics.results().keySerde().serializer(),
        topics.results().valueSerde().serializer(),
        PROCESSOR);
    t.addSink(
        DLQ_SINK,
        topics.deadLetters().name(),
        new ByteArraySerializer(),
        new ByteArraySerializer(),
        PROCESSOR);
    parts.forEach(p -> p.addTo(builder));
    return builder.build();
  }

  /**
   * A builder whose topology takes the classifier's Processor API nodes before any part adds DSL
   * nodes. Kafka Streams numbers sub-topologies in the order nodes were added, and the DSL adds its
   * nodes only at {@code build()}, so nodes added here first keep sub-topology 0.
   */
  private static final class ClassifierFirst extends StreamsBuilder {
    Topology topology() {
      return topology;
    }
  }
}
