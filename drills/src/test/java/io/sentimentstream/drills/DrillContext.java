package io.sentimentstream.drills;

import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.stream.testing.ItSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What every drill shares: the local stack, a work directory, the form (full or short), a seeded
 * random source, and the model bundle the stream apps serve (the fast encoder with a seeded head).
 */
final class DrillContext {
  /** One drill: runs against the context and reports one row. */
  interface Drill {
    String name();

    DrillReport.Row run(DrillContext c) throws Exception;
  }

  final LocalStack stack;
  final Path work;
  final boolean full;
  final Random random;
  final Path bundle;
  private List<ItSupport.RawTweet> texts;

  DrillContext(LocalStack stack, Path work, boolean full, long seed, Path bundle) {
    this.stack = stack;
    this.work = work;
    this.full = full;
    this.random = new Random(seed);
    this.bundle = bundle;
  }

  /**
   * One stream app (ordinal 0) for drill {@code name}, its topics created with {@code partitions}
   * partitions: static membership, a state directory kept across restarts, a short session.
   */
  Fleet fleet(String name, int partitions) throws InterruptedException {
    Fleet f = new Fleet(stack, work.resolve(name), "drill-" + name + "-", 1, true, 10_000);
    f.createTopics(partitions);
    return f;
  }

  /** 2,000 real GOP tweets (texts that survive cleaning), for loads that need many texts. */
  synchronized List<ItSupport.RawTweet> texts() throws java.io.IOException {
    if (texts == null) {
      texts = ItSupport.gopTweets(2000);
    }
    return texts;
  }

  /**
   * A producer of raw bytes to the stack's broker that lets records up to 2 MiB through, so that
   * the app, not the producer, decides what is too large.
   */
  KafkaProducer<byte[], byte[]> rawProducer() {
    return new KafkaProducer<>(
        java.util.Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            stack.bootstrapServers(),
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            2 * 1024 * 1024,
            ProducerConfig.LINGER_MS_CONFIG,
            5),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  /** Waits until every id of {@code ids} has arrived; false on timeout. */
  static boolean awaitIds(OutputLog out, Collection<String> ids, Duration timeout)
      throws InterruptedException {
    return awaitIds(
        () -> out.snapshot().stream().map(OutputLog.Arrival::id).toList(), ids, timeout);
  }

  /** Waits until {@code seen} holds every id of {@code ids}; false on timeout. */
  static boolean awaitIds(Supplier<List<String>> seen, Collection<String> ids, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Set<String> have = new HashSet<>(seen.get());
      if (have.containsAll(ids)) {
        return true;
      }
      Thread.sleep(250);
    }
    return false;
  }

  /** Waits until {@code condition} holds; false on timeout. */
  static boolean await(java.util.function.BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(200);
    }
    return condition.getAsBoolean();
  }

  static DrillReport.Row row(
      String drill, String done, String expected, String measured, boolean pass, long t0) {
    return new DrillReport.Row(
        drill, done, expected, measured, pass, (System.nanoTime() - t0) / 1_000_000_000L);
  }
}
