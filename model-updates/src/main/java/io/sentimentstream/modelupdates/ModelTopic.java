package io.sentimentstream.modelupdates;

import io.sentimentstream.avro.EncoderIdentity;
import io.sentimentstream.avro.ModelUpdate;
import io.sentimentstream.avro.Sentiment;
import io.sentimentstream.classifier.Adapters;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.HeadCodec;
import io.sentimentstream.modelupdates.signing.InvalidModelUpdateException;
import io.sentimentstream.modelupdates.signing.ModelUpdateSigner;
import io.sentimentstream.modelupdates.signing.ModelUpdateVerifier;
import io.sentimentstream.ops.CompactedTopic;
import io.sentimentstream.serde.ConfluentAvroDeserializer;
import io.sentimentstream.serde.ConfluentAvroSerializer;
import io.sentimentstream.serde.SchemaRegistryException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compacted model-update topic: reads what is there (highest version, latest head for an
 * encoder) and publishes signed updates keyed by encoder name.
 *
 * <p>An update with adapters can outgrow Kafka's default 1 MB message: the topic is created with
 * {@code max.message.bytes} = {@link #TOPIC_MAX_MESSAGE_BYTES}, the producer may send up to {@link
 * #MAX_UPDATE_BYTES} ({@code max.request.size}) and readers fetch as much per partition.
 *
 * <p>Nothing here lets the broker create the topic by accident: the reader sets {@code
 * allow.auto.create.topics=false}, and {@link #ensureCompacted} creates it compacted or refuses an
 * existing one that is not.
 */
public final class ModelTopic implements AutoCloseable, ModelPublisher {
  private static final Logger log = LoggerFactory.getLogger(ModelTopic.class);

  /** Largest serialized update a publisher sends and a reader fetches at once: 8 MiB. */
  public static final int MAX_UPDATE_BYTES = 8 * 1024 * 1024;

  /** The model topic's {@code max.message.bytes}: an update plus room for batch overhead. */
  public static final int TOPIC_MAX_MESSAGE_BYTES = MAX_UPDATE_BYTES + 64 * 1024;

  /** The configs the model topic is created with beside {@code cleanup.policy=compact}. */
  public static final Map<String, String> TOPIC_CONFIGS =
      Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(TOPIC_MAX_MESSAGE_BYTES));

  private final String topic;
  private final Map<String, Object> kafka;
  private final Map<String, Object> serde;
  private final KafkaProducer<String, ModelUpdate> producer;

  /**
   * What the topic holds.
   *
   * @param maxVersion highest version of any readable update (0 when none)
   * @param serving the latest head for the wanted encoder, or null
   * @param servingAdapters that update's adapters, or null (none, or no update)
   */
  public record State(long maxVersion, Head serving, Adapters servingAdapters) {
    /** A state whose serving update has no adapters. */
    public State(long maxVersion, Head serving) {
      this(maxVersion, serving, null);
    }
  }

  /** A handle on {@code topic} (no broker call yet; see {@link #ensureCompacted}). */
  public ModelTopic(String topic, Map<String, Object> kafka, Map<String, Object> serde) {
    this.topic = topic;
    this.kafka = kafka;
    this.serde = serde;
    Map<String, Object> p = new HashMap<>(kafka);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_UPDATE_BYTES);
    ConfluentAvroSerializer<ModelUpdate> ser = new ConfluentAvroSerializer<>(ModelUpdate.class);
    ser.configure(serde, false);
    this.producer = new KafkaProducer<>(p, new StringSerializer(), ser);
  }

  /** The topic's name. */
  public String name() {
    return topic;
  }

  /**
   * Creates the topic compacted, with {@link #TOPIC_CONFIGS}, if it does not exist (an existing
   * topic keeps its {@code max.message.bytes}).
   *
   * @throws org.apache.kafka.common.config.ConfigException naming {@code cleanup.policy} if it
   *     exists and is not compacted
   * @throws org.apache.kafka.common.errors.TimeoutException if the broker does not answer
   */
  public void ensureCompacted(Duration timeout) {
    try (Admin admin = Admin.create(kafka)) {
      CompactedTopic.createOrCheck(admin, topic, timeout, TOPIC_CONFIGS);
      long max = maxMessageBytes(admin, timeout);
      if (max < TOPIC_MAX_MESSAGE_BYTES) {
        log.warn(
            "Model topic {} has max.message.bytes={}: an update with adapters larger than that"
                + " cannot be published; raise it with kafka-configs.sh --alter --entity-type"
                + " topics --entity-name {} --add-config max.message.bytes={}",
            topic,
            max,
            topic,
            TOPIC_MAX_MESSAGE_BYTES);
      }
    }
  }

  /**
   * The topic's {@code max.message.bytes} as the broker reports it (-1 if it reports none).
   *
   * @throws org.apache.kafka.common.KafkaException if the broker does not answer within {@code
   *     timeout}
   */
  public long maxMessageBytes(Duration timeout) {
    try (Admin admin = Admin.create(kafka)) {
      return maxMessageBytes(admin, timeout);
    }
  }

  private long maxMessageBytes(Admin admin, Duration timeout) {
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try {
      Config c =
          admin
              .describeConfigs(List.of(r))
              .all()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .get(r);
      ConfigEntry e = c == null ? null : c.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
      return e == null || e.value() == null ? -1 : Long.parseLong(e.value());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new org.apache.kafka.common.KafkaException("interrupted", e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new org.apache.kafka.common.KafkaException(
          "cannot read max.message.bytes of " + topic + ": " + e, e);
    }
  }

  /**
   * Reads the topic from the beginning to its end offsets. Records that are definitely unreadable
   * (bad bytes, unknown schema id), and with a verifier those whose signature does not verify, are
   * skipped with a log line naming their offset.
   *
   * @throws org.apache.kafka.common.KafkaException if the registry is away ({@link
   *     SchemaRegistryException#isRetriable}) or the broker does not answer within {@code timeout}
   *     (a {@link TimeoutException}): the read stops rather than report a lower version than the
   *     topic holds; the caller retries
   */
  public State read(String encoderName, ModelUpdateVerifier verifier, Duration timeout) {
    Map<String, Object> p = new HashMap<>(kafka);
    p.remove("group.id");
    p.put("enable.auto.commit", false);
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_UPDATE_BYTES);
    ConfluentAvroDeserializer<ModelUpdate> de = new ConfluentAvroDeserializer<>(ModelUpdate.class);
    de.configure(serde, false);
    long max = 0;
    ModelUpdate latest = null;
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(topic, timeout).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("timed out reading " + topic + " to its end");
        }
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          ModelUpdate u = decode(de, r);
          if (u != null && verifier != null && !verifies(verifier, u, r)) {
            u = null;
          }
          if (u != null) {
            max = Math.max(max, u.getVersion());
            if (u.getEncoderIdentity().getName().equals(encoderName)
                && (latest == null || u.getVersion() > latest.getVersion())) {
              latest = u;
            }
          }
        }
      }
    }
    Head serving = latest == null ? null : HeadCodec.decode(latest.getHeadWeights());
    Adapters adapters =
        latest == null
            ? null
            : AdapterPayload.fromAvro(
                latest.getAdapters(), "update version " + latest.getVersion());
    log.info(
        "Model topic {}: highest version {}, serving head for {}: {}",
        topic,
        max,
        encoderName,
        serving == null ? "none" : "v" + serving.version());
    return new State(max, serving, adapters);
  }

  /** Signs and publishes {@code head}; waits for the broker's acknowledgement. */
  @Override
  public RecordMetadata publish(Head head, Map<String, Double> metrics, ModelUpdateSigner signer)
      throws InterruptedException, ExecutionException {
    return publish(head, null, metrics, signer);
  }

  /**
   * Signs and publishes {@code head} with {@code adapters} (null: none); waits for the broker's
   * acknowledgement. An update over {@link #MAX_UPDATE_BYTES} fails with Kafka's {@code
   * RecordTooLargeException}.
   */
  @Override
  public RecordMetadata publish(
      Head head, Adapters adapters, Map<String, Double> metrics, ModelUpdateSigner signer)
      throws InterruptedException, ExecutionException {
    ModelUpdate signed = signer.sign(unsigned(head, adapters, metrics));
    return producer.send(new ProducerRecord<>(topic, head.encoder().name(), signed)).get();
  }

  /** The update that carries {@code head}, created now, with an empty signature to be signed. */
  public static ModelUpdate unsigned(Head head, Map<String, Double> metrics) {
    return unsigned(head, null, metrics);
  }

  /**
   * The update that carries {@code head} and {@code adapters} (null: a head-only update), created
   * now, with an empty signature to be signed.
   *
   * @throws IllegalArgumentException if the adapters were trained on another encoder than the head
   */
  public static ModelUpdate unsigned(Head head, Adapters adapters, Map<String, Double> metrics) {
    if (adapters != null && !adapters.encoder().equals(head.encoder())) {
      throw new IllegalArgumentException(
          "adapters trained on encoder "
              + adapters.encoder()
              + " cannot travel with a head for "
              + head.encoder());
    }
    return ModelUpdate.newBuilder()
        .setVersion(head.version())
        .setCreatedAt(Instant.now())
        .setEncoderIdentity(
            new EncoderIdentity(head.encoder().name(), head.encoder().fingerprint()))
        .setLabels(List.of(Sentiment.NEGATIVE, Sentiment.NEUTRAL, Sentiment.POSITIVE))
        .setHeadFormat("safetensors")
        .setHeadWeights(ByteBuffer.wrap(HeadCodec.encode(head)))
        .setMetrics(new HashMap<>(metrics))
        .setAdapters(AdapterPayload.toAvro(adapters))
        .setSignatureAlgorithm("Ed25519")
        .setSignature(ByteBuffer.allocate(0))
        .build();
  }

  private ModelUpdate decode(
      ConfluentAvroDeserializer<ModelUpdate> de, ConsumerRecord<byte[], byte[]> r) {
    try {
      return de.deserialize(r.topic(), r.value());
    } catch (RuntimeException e) {
      if (SchemaRegistryException.isRetriable(e)) {
        throw e; // the registry is away: this says nothing about the record, so do not skip it
      }
      log.warn(
          "Unreadable model update at {}-{}@{}: {}",
          r.topic(),
          r.partition(),
          r.offset(),
          e.getMessage());
      return null;
    }
  }

  private static boolean verifies(
      ModelUpdateVerifier verifier, ModelUpdate u, ConsumerRecord<byte[], byte[]> r) {
    try {
      verifier.verify(u);
      return true;
    } catch (InvalidModelUpdateException e) {
      log.warn(
          "Ignoring model update v{} at {}-{}@{}: {}",
          u.getVersion(),
          r.topic(),
          r.partition(),
          r.offset(),
          e.getMessage());
      return false;
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
