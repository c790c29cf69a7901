package io.sentimentstream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.sentimentstream.avro.Tweet;
import io.sentimentstream.stream.internals.MicroBatchProcessor;
import io.sentimentstream.stream.testing.FakeScorer;
import io.sentimentstream.stream.testing.HostileTweets;
import io.sentimentstream.stream.testing.TopologyFixture;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Seeded mutations of valid tweets ({@link HostileTweets}: lengths, counts, union indexes,
 * truncations, bit flips, giant fields and headers) through the real topology: decode, validate,
 * size check, buffer. Every input becomes either a result (so its buffered entry was written) or a
 * dead letter with a reason; no exception reaches the stream thread; every record the app writes
 * (result, dead letter, buffer changelog) fits the producer's max.request.size; and no input costs
 * an allocation out of proportion to its size. 100,000 cases; {@code -Dfuzz.cases=N} and {@code
 * -Dfuzz.seed=S} for more or others.
 */
class FuzzTest {
  private static final int MAX_REQUEST_SIZE = 1024 * 1024; // Kafka's producer default
  private static final String CHANGELOG = "sentiment-stream-pending-tweets-changelog";

  @Test
  void everyHostileInputIsAResultOrADeadLetterAndEveryWriteFits() {
    int cases = Integer.getInteger("fuzz.cases", 100_000);
    // One warning per dead letter is right for an operator, noise for 55,000 of them here: the
    // processor's package (its outputs log the dead letters) is quiet below ERROR.
    Logger processorLog =
        (Logger) LoggerFactory.getLogger(MicroBatchProcessor.class.getPackageName());
    Level level = processorLog.getLevel();
    processorLog.setLevel(Level.ERROR);
    try {
      run(cases, Long.getLong("fuzz.seed", 21));
    } finally {
      processorLog.setLevel(level);
    }
  }

  private void run(int cases, long seed) {
    Map<String, Integer> kinds = new TreeMap<>();
    long results = 0;
    long deadLetters = 0;
    long buffered = 0;
    try (TopologyFixture f =
        new TopologyFixture(
            new FakeScorer(),
            // Batches flush only at the checkpoints, so what one case allocates is its own
            // decode, validation, size check and buffering, not a flush of earlier cases.
            Map.of(StreamConfig.BATCH_MAX_SIZE, 1024, StreamConfig.BATCH_MAX_DELAY_MS, 100L))) {
      int schemaId = f.registry.register("tweets-value", Tweet.getClassSchema());
      HostileTweets gen = new HostileTweets(schemaId, seed);
      var changelog =
          f.driver.createOutputTopic(
              CHANGELOG, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      var rawResults =
          f.driver.createOutputTopic(
              "tweet-sentiment", new ByteArrayDeserializer(), new ByteArrayDeserializer());
      for (int i = 0; i < cases; i++) {
        HostileTweets.Input in = gen.next();
        kinds.merge(in.kind(), 1, Integer::sum);
        long before = allocated();
        try {
          f.tweets.pipeInput(
              new TestRecord<>(in.key(), in.value(), in.headers(), TopologyFixture.START));
        } catch (RuntimeException e) {
          fail("case %d (%s, seed %d) failed the stream thread: %s", i, in.kind(), seed, e);
        }
        long spent = allocated() - before;
        assertThat(spent)
            .as("bytes allocated by case %d (%s, %d bytes, seed %d)", i, in.kind(), in.size(), seed)
            .isLessThan(64L * in.size() + (8 << 20));
        if (i % 500 == 499 || i == cases - 1) {
          f.driver.advanceWallClockTime(Duration.ofSeconds(1)); // flush what waits
          results += checkFits(rawResults.readRecordsToList(), "result");
          deadLetters += checkDeadLetters(f.deadLetters.readRecordsToList());
          buffered += checkFits(changelog.readRecordsToList(), "buffer changelog entry");
        }
      }
      assertThat(f.metrics.registry().get("sentiment.records.held").gauge().value()).isZero();
    }
    System.out.printf(
        "fuzz: %d cases (seed %d): %d results, %d dead letters; kinds %s%n",
        cases, seed, results, deadLetters, kinds);
    assertThat(results + deadLetters)
        .as("every input once, as a result or a dead letter")
        .isEqualTo(cases);
    assertThat(results).as("valid inputs came through").isGreaterThan(cases / 10);
    assertThat(buffered)
        .as("changelog writes (an entry and its delete per result)")
        .isGreaterThanOrEqualTo(2 * results);
  }

  private static long checkDeadLetters(java.util.List<TestRecord<byte[], byte[]>> dlq) {
    checkFits(dlq, "dead letter");
    for (TestRecord<byte[], byte[]> r : dlq) {
      Header msg = r.headers().lastHeader(DeadLetterHeaders.ERROR_MESSAGE);
      assertThat(msg).as("dead letter without a reason").isNotNull();
      assertThat(new String(msg.value(), StandardCharsets.UTF_8)).isNotBlank();
      assertThat(r.headers().lastHeader(DeadLetterHeaders.SOURCE_OFFSET)).isNotNull();
    }
    return dlq.size();
  }

  private static long checkFits(java.util.List<TestRecord<byte[], byte[]>> records, String what) {
    for (TestRecord<byte[], byte[]> r : records) {
      long n = len(r.key()) + len(r.value());
      for (Header h : r.headers()) {
        n += h.key().getBytes(StandardCharsets.UTF_8).length + len(h.value());
      }
      assertThat(n).as("bytes of a %s", what).isLessThan(MAX_REQUEST_SIZE - 1024);
    }
    return records.size();
  }

  private static long len(byte[] b) {
    return b == null ? 0 : b.length;
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }
}
