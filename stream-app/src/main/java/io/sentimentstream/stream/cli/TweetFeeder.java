package io.sentimentstream.stream.cli;

import io.sentimentstream.avro.Tweet;
import io.sentimentstream.serde.ConfluentAvroSerializer;
import io.sentimentstream.stream.StreamConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces tweets to the input topic with the Confluent serde, at a steady rate (tweets/s) or as
 * fast as possible (rate 0): on its own thread for the demo ({@link #start()}), or in the caller's
 * for the replayer ({@link #feed()}). Tweet {@code i} gets the id {@code <idPrefix><i>}; with
 * {@code poisonEvery} n > 0, every n-th record is instead a value that is not Confluent Avro (to
 * exercise the dead-letter topic).
 */
public final class TweetFeeder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TweetFeeder.class);

  /**
   * How records are named and what is mixed in.
   *
   * @param idPrefix prefix of every tweet id
   * @param source the tweets' {@code source} field
   * @param poisonEvery every n-th record is unreadable poison (0 = none)
   * @param eventTimes each tweet's event time (record timestamp and createdAt), one per tweet; null
   *     = the time of sending
   */
  public record Options(String idPrefix, String source, int poisonEvery, List<Instant> eventTimes) {
    /** Sent now, none replaced by poison. */
    Options(String idPrefix, String source, int poisonEvery) {
      this(idPrefix, source, poisonEvery, null);
    }
  }

  /** What {@link #feed()} sent. */
  public record Sent(long tweets, long poison) {}

  private final StreamConfig cfg;
  private final List<ExampleTweets.Entry> tweets;
  private final double rate;
  private final Options options;
  private final Thread thread;
  private volatile boolean closed;

  public TweetFeeder(StreamConfig cfg, List<ExampleTweets.Entry> tweets, double rate) {
    this(cfg, tweets, rate, (List<Instant>) null);
  }

  /** The demo's feeder, with these event times (null = the time of sending). */
  public TweetFeeder(
      StreamConfig cfg, List<ExampleTweets.Entry> tweets, double rate, List<Instant> eventTimes) {
    this(
        cfg,
        tweets,
        rate,
        new Options(
            "demo-" + Long.toString(System.currentTimeMillis(), 36) + "-",
            "sentiment-stream demo",
            0,
            eventTimes));
  }

  public TweetFeeder(
      StreamConfig cfg, List<ExampleTweets.Entry> tweets, double rate, Options options) {
    this.cfg = cfg;
    this.tweets = tweets;
    this.rate = rate;
    this.options = options;
    this.thread = new Thread(this::runQuietly, "demo-feeder");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  private void runQuietly() {
    try {
      feed();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("Feeding tweets failed", e);
    }
  }

  /** Sends every tweet (or until closed), waits until all are acknowledged, says what was sent. */
  public Sent feed() throws InterruptedException {
    ConfluentAvroSerializer<Tweet> ser = new ConfluentAvroSerializer<>(Tweet.class);
    ser.configure(cfg.serdeConfig(), false);
    String topic = cfg.getString(StreamConfig.TOPIC_TWEETS);
    long intervalNanos = rate > 0 ? (long) (1e9 / rate) : 0;
    AtomicReference<Exception> failure = new AtomicReference<>();
    long poison = 0;
    int i = 0;
    try (KafkaProducer<String, byte[]> producer = producer()) {
      long next = System.nanoTime();
      for (; i < tweets.size() && !closed && failure.get() == null; i++) {
        Instant now = options.eventTimes() == null ? Instant.now() : options.eventTimes().get(i);
        String id = options.idPrefix() + i;
        byte[] value;
        if (options.poisonEvery() > 0 && (i + 1) % options.poisonEvery() == 0) {
          value = ("poison " + id + ": not Confluent Avro").getBytes(StandardCharsets.UTF_8);
          poison++;
        } else {
          value = ser.serialize(topic, tweet(id, tweets.get(i), now));
        }
        producer.send(
            new ProducerRecord<>(topic, null, now.toEpochMilli(), id, value),
            (md, ex) -> {
              if (ex != null) {
                failure.compareAndSet(null, ex);
              }
            });
        next += intervalNanos;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException(
          "producing to " + topic + " failed: " + failure.get().getMessage(), failure.get());
    }
    return new Sent(i - poison, poison);
  }

  private Tweet tweet(String id, ExampleTweets.Entry e, Instant now) {
    return Tweet.newBuilder()
        .setId(id)
        .setText(e.text())
        .setUser(e.user())
        .setCreatedAt(now)
        .setSource(options.source())
        .build();
  }

  private KafkaProducer<String, byte[]> producer() {
    Map<String, Object> props = cfg.connectionProperties();
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
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
