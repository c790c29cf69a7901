package io.sentimentstream.stream;

import io.sentimentstream.avro.ModelUpdate;
import io.sentimentstream.stream.internals.ModelUpdateCheck;
import io.sentimentstream.stream.internals.ModelUpdateCheck.Rejected;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted model topic and hot-swaps verified heads into the running scorer.
 *
 * <p>A plain consumer with no group, assigned every partition and reading from the beginning, so
 * every app instance sees every update (a group would split them between instances). Each update is
 * checked ({@link ModelUpdateCheck}: signature, encoder identity, shapes and finite weights, newer
 * version); a rejected one is logged and counted, and the old head keeps serving.
 */
public final class ModelUpdateListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ModelUpdateListener.class);

  private final Properties consumerProps;
  private final String topic;
  private final Deserializer<ModelUpdate> deserializer;
  private final ModelUpdateCheck check;
  private final ClassifierScorer scorer;
  private final StreamMetrics metrics;
  private final Thread thread;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private volatile boolean closed;

  /**
   * Creates a listener (call {@link #start}).
   *
   * @param bootstrapServers the Kafka cluster
   * @param clientProps extra consumer properties (security etc.), may be empty
   * @param deserializer decodes {@link ModelUpdate} values (configured)
   */
  public ModelUpdateListener(
      String bootstrapServers,
      Map<String, Object> clientProps,
      String topic,
      Deserializer<ModelUpdate> deserializer,
      ModelUpdateCheck check,
      ClassifierScorer scorer,
      StreamMetrics metrics) {
    this.consumerProps = new Properties();
    consumerProps.putAll(clientProps);
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.topic = topic;
    this.deserializer = deserializer;
    this.check = check;
    this.scorer = scorer;
    this.metrics = metrics;
    this.thread = new Thread(this::run, "model-update-listener");
    thread.setDaemon(true);
  }

  /** Starts following the topic. */
  public void start() {
    thread.start();
  }

  /** Checks one update and swaps it in; returns false (logged, counted) when rejected. */
  public boolean apply(ModelUpdate update) {
    try {
      scorer.replaceHead(check.verify(update, scorer.encoderId(), scorer.head().version()));
      log.info(
          "Model version {} now serving (encoder {})", update.getVersion(), scorer.encoderId());
      return true;
    } catch (Rejected e) {
      log.warn("Rejected model update: {}", e.getMessage());
      metrics.updateRejected(e.reason());
      return false;
    } catch (IllegalArgumentException e) {
      log.warn("Rejected model update version {}: {}", update.getVersion(), e.getMessage());
      metrics.updateRejected("shape");
      return false;
    }
  }

  private void run() {
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer = c;
      if (!assignAll(c)) {
        return;
      }
      while (!closed) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          handle(r);
        }
      }
    } catch (WakeupException e) {
      if (!closed) {
        throw e;
      }
    } catch (RuntimeException e) {
      log.error("Model update listener stopped; the current model keeps serving", e);
    }
  }

  private boolean assignAll(KafkaConsumer<byte[], byte[]> c) {
    while (!closed) {
      List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
      if (infos != null && !infos.isEmpty()) {
        List<TopicPartition> parts =
            infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        c.assign(parts);
        c.seekToBeginning(parts);
        log.info(
            "Following model topic {} ({} partitions) from the beginning", topic, parts.size());
        return true;
      }
      log.info("Model topic {} does not exist yet; retrying", topic);
      sleepQuietly(2_000);
    }
    return false;
  }

  private void handle(ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null) {
      return; // a tombstone deletes a key in the compacted topic; nothing to apply
    }
    ModelUpdate update;
    try {
      update = deserializer.deserialize(r.topic(), r.headers(), r.value());
    } catch (RuntimeException e) {
      log.warn(
          "Unreadable model update at {}-{}@{}: {}",
          r.topic(),
          r.partition(),
          r.offset(),
          e.toString());
      metrics.updateRejected("unreadable");
      return;
    }
    apply(update);
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
