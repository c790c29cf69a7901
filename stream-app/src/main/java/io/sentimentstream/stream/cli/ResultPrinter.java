package io.sentimentstream.stream.cli;

import io.sentimentstream.avro.Sentiment;
import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.serde.ConfluentAvroDeserializer;
import io.sentimentstream.stream.DeadLetterHeaders;
import io.sentimentstream.stream.StreamConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;

/**
 * Prints committed results and dead letters as they arrive, with a running summary (counts per
 * label, throughput). Reads from the topics' ends as of start, so only this run's output shows.
 */
public final class ResultPrinter implements AutoCloseable {
  private static final int SUMMARY_EVERY = 25;

  private final StreamConfig cfg;
  private final int expected;
  private final ConfluentAvroDeserializer<SentimentResult> results =
      new ConfluentAvroDeserializer<>(SentimentResult.class);
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<Sentiment, Integer> counts = new EnumMap<>(Sentiment.class);
  private final Thread thread;
  private volatile int received;
  private int deadLettered;
  private long firstNanos;

  public ResultPrinter(StreamConfig cfg, int expected) {
    this.cfg = cfg;
    this.expected = expected;
    results.configure(cfg.serdeConfig(), false);
    consumer = ReadResultsCommand.consumer(cfg);
    List<TopicPartition> parts = new ArrayList<>();
    for (String t : List.of(resultsTopic(), cfg.getString(StreamConfig.TOPIC_DLQ))) {
      consumer.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
    }
    consumer.assign(parts);
    consumer.seekToEnd(parts);
    parts.forEach(consumer::position); // resolve the end offsets now, before any tweet is fed
    thread = new Thread(this::run, "demo-printer");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public boolean done() {
    return received >= expected;
  }

  private String resultsTopic() {
    return cfg.getString(StreamConfig.TOPIC_RESULTS);
  }

  private void run() {
    try {
      while (true) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          print(r);
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  private synchronized void print(ConsumerRecord<byte[], byte[]> r) {
    if (firstNanos == 0) {
      firstNanos = System.nanoTime();
    }
    if (r.topic().equals(resultsTopic())) {
      SentimentResult s = results.deserialize(r.topic(), r.value());
      counts.merge(s.getLabel(), 1, Integer::sum);
      double p = Math.max(s.getNegative(), Math.max(s.getNeutral(), s.getPositive()));
      System.out.printf(
          Locale.ROOT,
          "%-8s %.2f  v%d  %s%n",
          s.getLabel(),
          p,
          s.getModelVersion(),
          s.getCleanText());
    } else {
      deadLettered++;
      System.out.printf(
          Locale.ROOT, "DEAD-LETTER  %s%n", header(r, DeadLetterHeaders.ERROR_MESSAGE));
    }
    received++;
    if (received % SUMMARY_EVERY == 0) {
      printSummary();
    }
  }

  public synchronized void printSummary() {
    double secs = firstNanos == 0 ? 0 : (System.nanoTime() - firstNanos) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "---- %d results | NEGATIVE %d | NEUTRAL %d | POSITIVE %d | dead-lettered %d | %.1f tweets/s%n",
        received - deadLettered,
        counts.getOrDefault(Sentiment.NEGATIVE, 0),
        counts.getOrDefault(Sentiment.NEUTRAL, 0),
        counts.getOrDefault(Sentiment.POSITIVE, 0),
        deadLettered,
        secs > 0 ? received / secs : 0.0);
  }

  private static String header(ConsumerRecord<?, ?> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
