package io.sentimentstream.monitoring;

import io.sentimentstream.avro.LabeledTweet;
import io.sentimentstream.avro.Sentiment;
import io.sentimentstream.avro.Tweet;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.modelupdates.ModelTopic;
import io.sentimentstream.serde.ConfluentAvroSerializer;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Topics and records on the local stack, written as producers and labelers would write them. */
final class Traffic {
  private final LocalStack stack;

  Traffic(LocalStack stack) {
    this.stack = stack;
  }

  /**
   * Creates {@code topics} with two partitions each; {@code compacted} ones (the model topic) as
   * create-topics makes the model topic: cleanup compact and room for updates with adapters.
   */
  void createTopics(List<String> topics, List<String> compacted)
      throws InterruptedException, ExecutionException {
    List<NewTopic> all = new ArrayList<>();
    topics.forEach(t -> all.add(new NewTopic(t, 2, (short) 1)));
    compacted.forEach(
        t ->
            all.add(
                new NewTopic(t, 1, (short) 1)
                    .configs(
                        Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG,
                            TopicConfig.CLEANUP_POLICY_COMPACT,
                            // as create-topics makes the model topic: room for adapters
                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                            ModelTopic.TOPIC_CONFIGS.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)))));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      admin.createTopics(all).all().get();
    }
  }

  /** Tweets with these texts, dated now, keyed by {@code <prefix>-<n>}. */
  void tweets(String topic, String prefix, List<String> texts) {
    List<Tweet> tweets = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      tweets.add(
          Tweet.newBuilder()
              .setId(prefix + "-" + i)
              .setText(texts.get(i))
              .setUser("monitoring-it")
              .setCreatedAt(Instant.now())
              .build());
    }
    send(topic, Tweet.class, tweets, t -> t.getId());
  }

  /** The first {@code n} rows of the GOP debate CSV as labelled tweets. */
  void gopLabels(String topic, Path csvFile, int n) throws Exception {
    List<LabeledTweet> out = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(csvFile, StandardCharsets.UTF_8);
        CSVParser csv =
            CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
      for (CSVRecord rec : csv) {
        if (out.size() >= n) {
          break;
        }
        out.add(
            LabeledTweet.newBuilder()
                .setText(rec.get("text"))
                .setLabel(Sentiment.valueOf(rec.get("sentiment").toUpperCase(Locale.ROOT)))
                .setTweetId(rec.get("tweet_id"))
                .setLabelSource("gop-debate")
                .setLabeledAt(Instant.now())
                .setConfidence(Double.parseDouble(rec.get("sentiment_confidence")))
                .build());
      }
    }
    send(topic, LabeledTweet.class, out, LabeledTweet::getTweetId);
  }

  /** One record of raw bytes: what a broken producer writes. */
  void raw(String topic, String key, byte[] value) throws Exception {
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", stack.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      p.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
    }
  }

  private <T extends SpecificRecord> void send(
      String topic, Class<T> type, List<T> records, java.util.function.Function<T, String> key) {
    ConfluentAvroSerializer<T> ser = new ConfluentAvroSerializer<>(type);
    ser.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
    try (KafkaProducer<String, T> p =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", stack.bootstrapServers()), new StringSerializer(), ser)) {
      records.forEach(r -> p.send(new ProducerRecord<>(topic, key.apply(r), r)));
    }
  }
}
