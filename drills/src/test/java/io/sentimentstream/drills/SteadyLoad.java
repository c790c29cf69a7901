package io.sentimentstream.drills;

import io.sentimentstream.avro.Tweet;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.serde.ConfluentAvroSerializer;
import io.sentimentstream.stream.testing.ItSupport.RawTweet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces tweets at a fixed rate (the replayer's job), ids {@code <prefix><n>}, texts cycling over
 * real GOP tweets, and remembers when each id was sent.
 */
final class SteadyLoad implements AutoCloseable {
  final Map<String, Long> sentAtMs = new ConcurrentHashMap<>();
  private final KafkaProducer<String, Tweet> producer;
  private final String topic;
  private final List<RawTweet> texts;
  private final String prefix;
  private final AtomicBoolean running = new AtomicBoolean();
  private Thread thread;
  private int next;

  SteadyLoad(LocalStack stack, String topic, List<RawTweet> texts, String prefix) {
    ConfluentAvroSerializer<Tweet> ser = new ConfluentAvroSerializer<>(Tweet.class);
    ser.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG,
                5),
            new StringSerializer(),
            ser);
    this.topic = topic;
    this.texts = texts;
    this.prefix = prefix;
  }

  /** Sends {@code n} tweets at once (a backlog) and flushes. */
  synchronized void burst(int n) {
    for (int i = 0; i < n; i++) {
      send();
    }
    producer.flush();
  }

  /** Starts sending {@code perSecond} tweets a second until {@link #stop()}. */
  void start(double perSecond) {
    running.set(true);
    long intervalNanos = (long) (1e9 / perSecond);
    thread =
        new Thread(
            () -> {
              long due = System.nanoTime();
              while (running.get()) {
                long now = System.nanoTime();
                while (due <= now) {
                  synchronized (this) {
                    send();
                  }
                  due += intervalNanos;
                }
                producer.flush();
                sleep(Math.max(1, (due - System.nanoTime()) / 1_000_000));
              }
            },
            "steady-load");
    thread.setDaemon(true);
    thread.start();
  }

  void stop() throws InterruptedException {
    running.set(false);
    if (thread != null) {
      thread.join();
    }
    producer.flush();
  }

  int sent() {
    return sentAtMs.size();
  }

  private void send() {
    RawTweet t = texts.get(next % texts.size());
    String id = prefix + next++;
    Tweet tweet =
        Tweet.newBuilder()
            .setId(id)
            .setText(t.text())
            .setUser("drill")
            .setCreatedAt(Instant.now())
            .build();
    sentAtMs.put(id, System.currentTimeMillis());
    producer.send(new ProducerRecord<>(topic, id, tweet));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
