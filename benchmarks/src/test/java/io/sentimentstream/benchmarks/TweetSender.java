package io.sentimentstream.benchmarks;

import io.sentimentstream.avro.Tweet;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.serde.ConfluentAvroSerializer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends Avro tweets (Confluent wire format) with a given event time; remembers the first error. */
final class TweetSender implements AutoCloseable {
  private final KafkaProducer<String, Tweet> producer;
  private final String topic;
  private final AtomicReference<Throwable> failed;

  /** A producer to {@code topic}; {@code failed} gets the first send error. */
  TweetSender(LocalStack stack, String topic, int lingerMs, AtomicReference<Throwable> failed) {
    ConfluentAvroSerializer<Tweet> ser = new ConfluentAvroSerializer<>(Tweet.class);
    ser.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs));
    this.producer = new KafkaProducer<>(props, new StringSerializer(), ser);
    this.topic = topic;
    this.failed = failed;
  }

  /** Sends one tweet keyed by its id, timestamped (record and createdAt) {@code atMs}. */
  void send(String id, String text, long atMs) {
    Tweet tweet =
        Tweet.newBuilder()
            .setId(id)
            .setText(text)
            .setUser("gop")
            .setCreatedAt(Instant.ofEpochMilli(atMs))
            .build();
    producer.send(
        new ProducerRecord<>(topic, null, atMs, id, tweet),
        (md, e) -> {
          if (e != null) {
            failed.compareAndSet(null, e);
          }
        });
  }

  /** True once a send has failed. */
  boolean failed() {
    return failed.get() != null;
  }

  @Override
  public void close() {
    producer.close();
  }
}
