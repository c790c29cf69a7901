package io.sentimentstream.stream.testing;

import io.sentimentstream.avro.ModelUpdate;
import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.avro.Tweet;
import io.sentimentstream.classifier.Adapters;
import io.sentimentstream.classifier.Device;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderId;
import io.sentimentstream.classifier.EncoderOptions;
import io.sentimentstream.classifier.Encoders;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.HeadCodec;
import io.sentimentstream.classifier.ModelBundle;
import io.sentimentstream.classifier.Pooling;
import io.sentimentstream.classifier.TextCleaner;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.modelupdates.ModelTopic;
import io.sentimentstream.modelupdates.signing.ModelUpdateSigner;
import io.sentimentstream.serde.ConfluentAvroDeserializer;
import io.sentimentstream.serde.ConfluentAvroSerializer;
import io.sentimentstream.stream.StreamConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Shared pieces of the stream app's integration tests: data, model bundles, clients. */
public final class ItSupport {
  /** The fast encoder keeps the integration tests short. */
  public static final String ENCODER = EncoderOptions.FAST_MODEL;

  private ItSupport() {}

  /** A tweet id and its raw text. */
  public record RawTweet(String id, String text) {}

  /** The first {@code n} GOP tweets with distinct ids whose text survives cleaning. */
  public static List<RawTweet> gopTweets(int n) throws IOException {
    Path csv = gopCsv();
    List<RawTweet> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    try (java.io.Reader r = Files.newBufferedReader(csv)) {
      for (CSVRecord rec : CSVFormat.RFC4180.builder().setHeader().get().parse(r)) {
        String id = rec.get("tweet_id");
        String text = rec.get("text");
        if (!TextCleaner.clean(text).isEmpty() && ids.add(id)) {
          out.add(new RawTweet(id, text));
          if (out.size() == n) {
            break;
          }
        }
      }
    }
    return out;
  }

  /** The first {@code n} GOP rows as they are (retweets included), ids made unique by row. */
  public static List<RawTweet> gopRows(int n) throws IOException {
    List<RawTweet> out = new ArrayList<>();
    try (java.io.Reader r = Files.newBufferedReader(gopCsv())) {
      for (CSVRecord rec : CSVFormat.RFC4180.builder().setHeader().get().parse(r)) {
        if (!TextCleaner.clean(rec.get("text")).isEmpty()) {
          out.add(new RawTweet("row-" + rec.get("id"), rec.get("text")));
          if (out.size() == n) {
            break;
          }
        }
      }
    }
    return out;
  }

  /** The GOP CSV, from the system property {@code gop.csv} that the build sets. */
  public static Path gopCsv() {
    String p = System.getProperty("gop.csv");
    if (p == null || !Files.isRegularFile(Path.of(p))) {
      throw new IllegalStateException(
          "GOP data set not found: system property gop.csv is "
              + (p == null ? "unset" : "'" + p + "'")
              + "; the build sets it to ../shared/data/gop-debate/Sentiment.csv beside the checkout");
    }
    return Path.of(p);
  }

  /** The running fast encoder's identity (opens it once). */
  public static synchronized EncoderId encoderId() {
    try (Encoder e =
        Encoders.open(EncoderOptions.defaults().withModel(ENCODER).withDevice(Device.CPU))) {
      return e.id();
    }
  }

  /** A linear head for the fast encoder with seeded random weights. */
  public static Head head(EncoderId id, long version, long seed) {
    return head(id, version, seed, Pooling.MEAN);
  }

  /** A linear head with seeded random weights for an encoder with the given pooling. */
  public static Head head(EncoderId id, long version, long seed, Pooling pooling) {
    Random rnd = new Random(seed);
    float[][] w = new float[3][384];
    for (float[] row : w) {
      for (int i = 0; i < row.length; i++) {
        row[i] = (float) rnd.nextGaussian();
      }
    }
    return new Head(
        Head.Type.LINEAR, id, Pooling.MEAN, version, w, new float[3], null, null, Map.of());
  }

  /** Writes a bundle directory holding {@code head}. */
  public static Path bundle(Path dir, Head head) throws IOException {
    Files.createDirectories(dir);
    HeadCodec.write(head, dir.resolve(ModelBundle.HEAD_FILE));
    return dir;
  }

  /** A signed model update carrying {@code head}. */
  public static ModelUpdate update(Head head, PrivateKey key) {
    return new ModelUpdateSigner(key).sign(ModelTopic.unsigned(head, Map.of()));
  }

  /** A signed model update carrying {@code head} and {@code adapters} (null: head only). */
  public static ModelUpdate update(Head head, Adapters adapters, PrivateKey key) {
    return new ModelUpdateSigner(key).sign(ModelTopic.unsigned(head, adapters, Map.of()));
  }

  /**
   * Seeded random adapters of {@code rank} on {@code targets}, all {@code [width, width]} Linears
   * (the attention matrices of a BERT of that width); small values, so outputs move but stay sane.
   */
  public static Adapters adapters(
      EncoderId id, int rank, int width, long seed, List<String> targets) {
    Random rnd = new Random(seed);
    Map<String, Adapters.Pair> pairs = new java.util.TreeMap<>();
    for (String t : targets) {
      float[] a = new float[rank * width];
      float[] b = new float[width * rank];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) rnd.nextGaussian() * 0.05f;
        b[i] = (float) rnd.nextGaussian() * 0.05f;
      }
      pairs.put(t, new Adapters.Pair(a, b, width, width));
    }
    return new Adapters(id, rank, 2f * rank, pairs);
  }

  /** Produces tweets (timestamps: now) keyed by id. */
  public static void produce(LocalStack stack, String topic, List<RawTweet> tweets) {
    ConfluentAvroSerializer<Tweet> ser = new ConfluentAvroSerializer<>(Tweet.class);
    ser.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
    try (KafkaProducer<String, Tweet> p =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
            new StringSerializer(),
            ser)) {
      for (RawTweet t : tweets) {
        Tweet tweet =
            Tweet.newBuilder()
                .setId(t.id())
                .setText(t.text())
                .setUser("gop")
                .setCreatedAt(Instant.now())
                .build();
        p.send(new ProducerRecord<>(topic, t.id(), tweet));
      }
    }
  }

  /** Produces raw bytes (poison records). */
  public static void produceRaw(LocalStack stack, String topic, byte[] key, byte[] value) {
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      p.send(new ProducerRecord<>(topic, key, value));
    }
  }

  /** Produces a model update. */
  public static void publish(LocalStack stack, String topic, ModelUpdate u) {
    ConfluentAvroSerializer<ModelUpdate> ser = new ConfluentAvroSerializer<>(ModelUpdate.class);
    ser.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
    try (KafkaProducer<String, ModelUpdate> p =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
            new StringSerializer(),
            ser)) {
      p.send(new ProducerRecord<>(topic, u.getEncoderIdentity().getName(), u));
    }
  }

  /** A read_committed reader of a whole topic, from the beginning. */
  public static final class Reader<V> implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final java.util.function.Function<byte[], V> decode;
    public final List<ConsumerRecord<String, V>> records = new ArrayList<>();

    public Reader(LocalStack stack, String topic, java.util.function.Function<byte[], V> decode) {
      this.decode = decode;
      consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  stack.bootstrapServers(),
                  ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                  "read_committed"),
              new StringDeserializer(),
              new ByteArrayDeserializer());
      List<TopicPartition> parts =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
    }

    /** Polls once and appends what arrived. */
    public List<ConsumerRecord<String, V>> poll() {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        records.add(
            new ConsumerRecord<>(
                r.topic(),
                r.partition(),
                r.offset(),
                r.timestamp(),
                r.timestampType(),
                r.serializedKeySize(),
                r.serializedValueSize(),
                r.key(),
                r.value() == null ? null : decode.apply(r.value()),
                r.headers(),
                r.leaderEpoch()));
      }
      return records;
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  /**
   * The config every app under test starts from: the stack's broker and registry, topics and
   * application id named by {@code prefix}, no model updates, CPU, ops on a free loopback port, a
   * fresh state directory under {@code work}. Mutable: a test puts its own keys on top.
   */
  public static Map<String, Object> appConfig(LocalStack stack, String prefix, Path work) {
    Map<String, Object> m = new java.util.HashMap<>();
    m.put(StreamConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers());
    m.put(StreamConfig.SCHEMA_REGISTRY_URL, stack.registryUrl());
    m.put(StreamConfig.APPLICATION_ID, prefix + "app");
    m.put(StreamConfig.TOPIC_TWEETS, prefix + "tweets");
    m.put(StreamConfig.TOPIC_RESULTS, prefix + "tweet-sentiment");
    m.put(StreamConfig.TOPIC_DLQ, prefix + "tweets-dlq");
    m.put(StreamConfig.MODEL_UPDATES_ENABLED, "false");
    m.put(StreamConfig.MODEL_DEVICE, "CPU");
    m.put(StreamConfig.OPS_HTTP_HOST, "127.0.0.1");
    m.put(StreamConfig.OPS_HTTP_PORT, "0");
    m.put("state.dir", work.resolve("state-" + prefix + System.nanoTime()).toString());
    return m;
  }

  /** A reader of SentimentResults. */
  public static Reader<SentimentResult> results(LocalStack stack, String topic) {
    ConfluentAvroDeserializer<SentimentResult> de =
        new ConfluentAvroDeserializer<>(SentimentResult.class);
    de.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
    return new Reader<>(stack, topic, b -> de.deserialize(topic, b));
  }

  /** A reader of raw values. */
  public static Reader<byte[]> raw(LocalStack stack, String topic) {
    return new Reader<>(stack, topic, b -> b);
  }
}
