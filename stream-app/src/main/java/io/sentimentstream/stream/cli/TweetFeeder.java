package io.sentimentstream.stream.cli;

import io.sentimentstream.avro.Tweet;
import io.sentimentstream.serde.ConfluentAvroSerializer;
import io.sentimentstream.stream.StreamConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Produces example tweets to the input topic at a steady rate, on its own thread. */
final class TweetFeeder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TweetFeeder.class);

  private final StreamConfig cfg;
  private final List<ExampleTweets.Entry> tweets;
  private final double rate;
  private final List<Instant> eventTimes;
  private final Thread thread;
  private volatile boolean closed;

  TweetFeeder(StreamConfig cfg, List<ExampleTweets.Entry> tweets, double rate) {
    this(cfg, tweets, rate, null);
  }

  /**
   * Feeds with these event times (record timestamps), one per tweet; null = the time of sending.
   */
  TweetFeeder(
      StreamConfig cfg, List<ExampleTweets.Entry> tweets, double rate, List<Instant> eventTimes) {
    this.cfg = cfg;
    this.tweets = tweets;
    this.rate = rate;
    this.eventTimes = eventTimes;
    this.thread = new Thread(this::run, "demo-feeder");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    ConfluentAvroSerializer<Tweet> ser = new ConfluentAvroSerializer<>(Tweet.class);
    ser.configure(cfg.serdeConfig(), false);
    String topic = cfg.getString(StreamConfig.TOPIC_TWEETS);
    String run = Long.toString(System.currentTimeMillis(), 36);
    long intervalNanos = rate > 0 ? (long) (1e9 / rate) : 0;
    try (KafkaProducer<String, Tweet> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cfg.getString(StreamConfig.BOOTSTRAP_SERVERS),
                ProducerConfig.LINGER_MS_CONFIG,
                5),
            new StringSerializer(),
            ser)) {
      long next = System.nanoTime();
      for (int i = 0; i < tweets.size() && !closed; i++) {
        ExampleTweets.Entry e = tweets.get(i);
        Instant now = eventTimes == null ? Instant.now() : eventTimes.get(i);
        Tweet t =
            Tweet.newBuilder()
                .setId("demo-" + run + "-" + i)
                .setText(e.text())
                .setUser(e.user())
                .setCreatedAt(now)
                .setSource("sentiment-stream demo")
                .build();
        producer.send(new ProducerRecord<>(topic, null, now.toEpochMilli(), t.getId(), t));
        next += intervalNanos;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("Feeding tweets failed", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
