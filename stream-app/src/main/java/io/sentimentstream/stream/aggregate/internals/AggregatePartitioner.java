package io.sentimentstream.stream.aggregate.internals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions the aggregate repartition topic: every hashtag goes where the key {@code #} would, so
 * one task sees all hashtags of a window and can keep its bounded top-K; other keys are spread as
 * Kafka's default partitioner spreads them (murmur2 of the UTF-8 key). Queries locate a key's owner
 * with the same partitioner.
 */
public final class AggregatePartitioner<V> implements StreamPartitioner<String, V> {
  /** The key whose partition holds every hashtag and the top-K index. */
  public static final String HASHTAGS = "#";

  @Override
  public Optional<Set<Integer>> partitions(String topic, String key, V value, int numPartitions) {
    return Optional.of(Set.of(partition(key, numPartitions)));
  }

  /** The partition of {@code key} among {@code numPartitions}. */
  public static int partition(String key, int numPartitions) {
    String k = AggregateKeys.isHashtag(key) ? HASHTAGS : key;
    return Utils.toPositive(Utils.murmur2(k.getBytes(StandardCharsets.UTF_8))) % numPartitions;
  }
}
