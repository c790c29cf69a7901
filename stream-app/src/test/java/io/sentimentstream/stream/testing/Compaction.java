package io.sentimentstream.stream.testing;

import io.sentimentstream.localstack.LocalStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Real log compaction of a model topic on the local broker, for tests of what a restart finds
 * there: the topic is created to be cleaned at once, and a waiter rolls its active segment (the
 * cleaner never touches that one) until the topic, read from the beginning, looks as wanted.
 */
public final class Compaction {
  /** Filler records (tombstones of this key) roll the active segment; listeners skip them. */
  public static final byte[] ROLL_KEY = "segment-roll".getBytes(StandardCharsets.UTF_8);

  private Compaction() {}

  /** Topic configs for a compacted topic whose closed segments are cleaned within seconds. */
  public static Map<String, String> eager() {
    return Map.of(
        "cleanup.policy", "compact",
        "segment.ms", "100",
        "min.cleanable.dirty.ratio", "0.01",
        "min.compaction.lag.ms", "0",
        "delete.retention.ms", "100");
  }

  /**
   * Waits until the values under {@code key} (in order, null for a tombstone), read from the
   * beginning of {@code topic}, satisfy {@code wanted}; rolls segments meanwhile. False on timeout.
   */
  public static boolean await(
      LocalStack stack, String topic, byte[] key, Predicate<List<byte[]>> wanted, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (wanted.test(values(stack, topic, key))) {
        return true;
      }
      Thread.sleep(500);
      ItSupport.produceRaw(stack, topic, ROLL_KEY, null);
    }
    return wanted.test(values(stack, topic, key));
  }

  /** The values under {@code key} in {@code topic}, from the beginning to the end now. */
  public static List<byte[]> values(LocalStack stack, String topic, byte[] key) {
    List<byte[]> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          if (Arrays.equals(r.key(), key)) {
            out.add(r.value());
          }
        }
      }
    }
    return out;
  }
}
