package io.sentimentstream.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentimentstream.avro.LabeledTweet;
import io.sentimentstream.avro.ModelUpdate;
import io.sentimentstream.avro.Sentiment;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.serde.ConfluentAvroDeserializer;
import io.sentimentstream.serde.ConfluentAvroSerializer;
import io.sentimentstream.trainer.TestData;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The trainer ITs' data and topic helpers: GOP rows as LabeledTweets, producers, a model reader.
 */
final class ItTopics {
  private ItTopics() {}

  /** The registry serde settings of {@code config}, but pointed at the stack's registry itself. */
  static Map<String, Object> directSerde(LocalStack stack) {
    return Map.of("schema.registry.url", stack.registryUrl());
  }

  static List<LabeledTweet> gopRows(int n) throws Exception {
    List<LabeledTweet> out = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(TestData.gopCsv(), StandardCharsets.UTF_8);
        CSVParser csv =
            CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
      for (CSVRecord rec : csv) {
        if (out.size() >= n) {
          break;
        }
        out.add(
            LabeledTweet.newBuilder()
                .setText(rec.get("text"))
                .setLabel(
                    Sentiment.valueOf(rec.get("sentiment").toUpperCase(java.util.Locale.ROOT)))
                .setTweetId(rec.get("tweet_id"))
                .setLabelSource("gop-debate")
                .setLabeledAt(Instant.now())
                .setConfidence(Double.parseDouble(rec.get("sentiment_confidence")))
                .build());
      }
    }
    return out;
  }

  static void produce(
      LocalStack stack, TrainerConfig config, List<LabeledTweet> tweets, Sentiment override) {
    ConfluentAvroSerializer<LabeledTweet> ser = new ConfluentAvroSerializer<>(LabeledTweet.class);
    ser.configure(directSerde(stack), false);
    try (KafkaProducer<String, LabeledTweet> p =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", stack.bootstrapServers()), new StringSerializer(), ser)) {
      for (LabeledTweet t : tweets) {
        if (override != null) {
          t.setLabel(override);
        }
        p.send(
            new ProducerRecord<>(config.getString(TrainerConfig.TOPIC_LABELED), t.getTweetId(), t));
      }
    }
  }

  static void produceRaw(LocalStack stack, TrainerConfig config, List<byte[]> values) {
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", stack.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (byte[] v : values) {
        p.send(new ProducerRecord<>(config.getString(TrainerConfig.TOPIC_LABELED), v));
      }
    }
  }

  static List<ModelUpdate> readModels(LocalStack stack, TrainerConfig config, int atLeast) {
    ConfluentAvroDeserializer<ModelUpdate> de = new ConfluentAvroDeserializer<>(ModelUpdate.class);
    de.configure(directSerde(stack), false);
    Map<String, Object> props =
        Map.of(
            "bootstrap.servers",
            stack.bootstrapServers(),
            "group.id",
            "reader-" + UUID.randomUUID(),
            "auto.offset.reset",
            "earliest");
    List<ModelUpdate> out = new ArrayList<>();
    try (KafkaConsumer<String, ModelUpdate> c =
        new KafkaConsumer<>(props, new StringDeserializer(), de)) {
      c.subscribe(List.of(config.getString(TrainerConfig.TOPIC_MODELS)));
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, ModelUpdate> r : c.poll(Duration.ofMillis(500))) {
          assertThat(r.key()).isEqualTo(r.value().getEncoderIdentity().getName());
          out.add(r.value());
        }
        if (out.size() >= atLeast) {
          break;
        }
      }
    }
    return out;
  }
}
