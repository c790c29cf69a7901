package io.sentimentstream.stream;

import io.sentimentstream.avro.ModelUpdate;
import io.sentimentstream.modelupdates.ModelTopic;
import io.sentimentstream.modelupdates.ModelUpdateCheck;
import io.sentimentstream.modelupdates.ModelUpdateCheck.Rejected;
import io.sentimentstream.ops.Outage;
import io.sentimentstream.serde.SchemaRegistryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted model topic and hot-swaps verified models (a head, and adapters merged into
 * a copy of the base encoder weights, or the base weights alone) into the running scorer.
 *
 * <p>A plain consumer with no group, assigned every partition and reading from the beginning, so
 * every app instance sees every update (a group would split them between instances). Each update is
 * checked ({@link ModelUpdateCheck}: signature, encoder identity, shapes and finite weights,
 * adapters that fit the encoder, newer version, not below the version floor) before anything is
 * swapped; a rejected one is logged and counted, and the old model keeps serving. An applied one
 * raises the floor, kept on disk before the next update is read.
 *
 * <p>The listener never gives up: when the broker is not up yet ({@code partitionsFor} times out),
 * the topic does not exist yet, or the registry is away while an update is decoded, it backs off
 * (0.5 s doubling to 10 s), logs once per outage, and tries again; an update whose decoding hit a
 * transient registry failure is read again, not rejected. Meanwhile {@link #following()} is false
 * and the gauge {@code sentiment_model_updates_following} is 0. It never lets the broker
 * auto-create the topic ({@code allow.auto.create.topics=false}): that would create it with the
 * delete policy.
 */
public final class ModelUpdateListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ModelUpdateListener.class);
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);

  private final Properties consumerProps;
  private final String topic;
  private final Deserializer<ModelUpdate> deserializer;
  private final ModelUpdateCheck check;
  private final ClassifierScorer scorer;
  private final StreamMetrics metrics;
  private final Outage outage;
  private final Thread thread;
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private volatile boolean closed;
  private volatile boolean following;

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
    consumerProps.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    consumerProps.put(
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, ModelTopic.MAX_UPDATE_BYTES); // adapters
    consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.topic = topic;
    this.deserializer = deserializer;
    this.check = check;
    this.scorer = scorer;
    this.metrics = metrics;
    this.outage = new Outage(log, "model topic " + topic, 500, 10_000);
    metrics.modelUpdatesFollowing(this::following);
    this.thread = new Thread(this::run, "model-update-listener");
    thread.setDaemon(true);
  }

  /** Starts following the topic. */
  public void start() {
    thread.start();
  }

  /**
   * True while the listener is assigned to the model topic and its last poll was read without a
   * transient error; false before that, and during an outage of the broker (at start-up) or the
   * registry, or while the topic does not exist. A broker lost after assignment is not seen here:
   * the consumer reconnects by itself and applies what it missed when the broker is back.
   */
  public boolean following() {
    return following && !closed;
  }

  /** Checks one update and swaps it in; returns false (logged, counted) when rejected. */
  public boolean apply(ModelUpdate update) {
    try {
      ModelUpdateCheck.Verified v = check.verify(update, scorer.encoder(), scorer.head().version());
      scorer.replaceModel(v.head(), v.adapters()); // null adapters: back to the base weights
      check.floor().applied(update); // kept on disk: a restart must not go below it
      log.info(
          "Model version {} now serving (encoder {}, {})",
          update.getVersion(),
          scorer.encoderId(),
          v.adapters() == null
              ? "base weights"
              : v.adapters().targets().size() + " adapted matrices of rank " + v.adapters().rank());
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
      while (!closed) {
        try {
          if (c.assignment().isEmpty()) {
            assignAll(c);
          }
          pollOnce(c);
          following = true;
          outage.recovered();
        } catch (WakeupException e) {
          // close() woke us; the loop condition ends it
        } catch (RuntimeException e) {
          failed(e);
        }
      }
    } finally {
      following = false;
    }
  }

  private void failed(RuntimeException e) {
    following = false;
    metrics.modelUpdatesListenerError();
    if (!(e instanceof RetriableException) && !SchemaRegistryException.isRetriable(e)) {
      log.error("Model update listener failed; it retries, the current model keeps serving", e);
    }
    pause(outage.failed(e));
  }

  private void assignAll(KafkaConsumer<byte[], byte[]> c) {
    List<PartitionInfo> infos = c.partitionsFor(topic, METADATA_TIMEOUT);
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("model topic " + topic + " does not exist yet");
    }
    List<TopicPartition> parts =
        infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    c.assign(parts);
    c.seekToBeginning(parts);
    log.info("Following model topic {} ({} partitions) from the beginning", topic, parts.size());
  }

  /**
   * Applies one poll's updates; on a transient decode failure (the only thing {@link #handle}
   * throws) rewinds to that record, and the later partitions to their first, and throws.
   */
  private void pollOnce(KafkaConsumer<byte[], byte[]> c) {
    ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(500));
    List<TopicPartition> parts = new ArrayList<>(records.partitions());
    for (int i = 0; i < parts.size(); i++) {
      for (ConsumerRecord<byte[], byte[]> r : records.records(parts.get(i))) {
        try {
          handle(r);
        } catch (RuntimeException e) {
          c.seek(parts.get(i), r.offset());
          for (TopicPartition later : parts.subList(i + 1, parts.size())) {
            c.seek(later, records.records(later).get(0).offset());
          }
          throw e;
        }
      }
    }
  }

  /**
   * Decodes and applies one record of the model topic: a tombstone is skipped (it lowers nothing),
   * an unreadable or rejected update is logged and counted. Throws only when the registry could not
   * be asked (transient: the caller reads the record again).
   */
  void handle(ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null) {
      return; // a tombstone deletes a key in the compacted topic; nothing to apply
    }
    ModelUpdate update;
    try {
      update = deserializer.deserialize(r.topic(), r.headers(), r.value());
    } catch (RuntimeException e) {
      if (SchemaRegistryException.isRetriable(e)) {
        throw e; // the registry is away: read this update again later
      }
      log.warn(
          "Unreadable model update at {}-{}@{}: {}",
          r.topic(),
          r.partition(),
          r.offset(),
          e.toString());
      metrics.updateRejected("unreadable");
      return;
    }
    try {
      apply(update);
    } catch (RuntimeException e) {
      // not the registry, not the update's content: do not retry this one forever
      log.error("Cannot apply model update at {}-{}@{}", r.topic(), r.partition(), r.offset(), e);
      metrics.updateRejected("error");
    }
  }

  private void pause(long ms) {
    try {
      closing.await(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    closing.countDown();
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
