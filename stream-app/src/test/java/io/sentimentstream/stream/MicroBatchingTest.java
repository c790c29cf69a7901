package io.sentimentstream.stream;

import static io.sentimentstream.stream.testing.TopologyFixture.START;
import static io.sentimentstream.stream.testing.TopologyFixture.tweet;
import static org.assertj.core.api.Assertions.assertThat;

import io.sentimentstream.avro.Sentiment;
import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.stream.testing.FakeScorer;
import io.sentimentstream.stream.testing.SlowScorer;
import io.sentimentstream.stream.testing.TopologyFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class MicroBatchingTest {
  private final FakeScorer scorer = new FakeScorer();

  @Test
  void flushesFullBatchInsideProcess() {
    try (TopologyFixture f = fixture(4, 60_000)) {
      for (int i = 0; i < 3; i++) {
        f.send(tweet("t" + i, "a good day " + i), START.plusSeconds(i));
      }
      assertThat(f.results.isEmpty()).isTrue();
      assertThat(scorer.batchSizes).isEmpty();

      f.send(tweet("t3", "a bad day"), START.plusSeconds(3));

      List<TestRecord<String, SentimentResult>> out = f.results.readRecordsToList();
      assertThat(scorer.batchSizes).containsExactly(4);
      assertThat(out).extracting(TestRecord::key).containsExactly("t0", "t1", "t2", "t3");
      assertThat(out.get(3).timestamp()).isEqualTo(START.plusSeconds(3).toEpochMilli());
      SentimentResult r = out.get(3).value();
      assertThat(r.getTweetId()).isEqualTo("t3");
      assertThat(r.getCleanText()).isEqualTo("a bad day");
      assertThat(r.getLabel()).isEqualTo(Sentiment.NEGATIVE);
      assertThat(r.getNegative()).isEqualTo(0.8, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(r.getModelVersion()).isEqualTo(1L);
      assertThat(r.getEventTime()).isEqualTo(START.plusSeconds(3));
      assertThat(out.get(0).value().getLabel()).isEqualTo(Sentiment.POSITIVE);
    }
  }

  @Test
  void flushesPartialBatchAfterMaxDelayOfWallClockTime() {
    try (TopologyFixture f = fixture(100, 1_000)) {
      f.send(tweet("a", "hello there"), START);
      f.send(tweet("b", "good news"), START);

      f.driver.advanceWallClockTime(Duration.ofMillis(999));
      assertThat(f.results.isEmpty()).isTrue();

      f.driver.advanceWallClockTime(Duration.ofMillis(1));
      assertThat(f.results.readKeyValuesToList())
          .extracting(kv -> kv.key)
          .containsExactly("a", "b");
      assertThat(scorer.batchSizes).containsExactly(2);
    }
  }

  @Test
  void partialBatchDeadlineRunsFromItsOldestTweetNotFromTheLastFlush() {
    try (TopologyFixture f = fixture(10, 1000)) {
      f.driver.advanceWallClockTime(Duration.ofMillis(900)); // punctuations with nothing pending
      f.send(tweet("a", "hello there"), START);
      f.driver.advanceWallClockTime(Duration.ofMillis(600));
      f.send(tweet("b", "good news"), START);
      f.driver.advanceWallClockTime(Duration.ofMillis(300));
      assertThat(f.results.isEmpty()).isTrue(); // "a" has waited 900 ms

      // The deadline is checked every delay/4, so the flush comes within 1.25 x the delay.
      f.driver.advanceWallClockTime(Duration.ofMillis(350));
      assertThat(f.results.readKeyValuesToList())
          .extracting(kv -> kv.key)
          .containsExactly("a", "b");
      assertThat(scorer.batchSizes).containsExactly(2);
    }
  }

  @Test
  void cleansTextBeforeScoring() {
    try (TopologyFixture f = fixture(1, 60_000)) {
      f.send(tweet("x", "RT @someone: GOOD debate https://t.co/abc #GOPDebate"), START);
      assertThat(f.results.readValue().getCleanText()).isEqualTo("rt : good debate #gopdebate");
    }
  }

  @Test
  void modelSwapTakesEffectAtNextBatch() {
    try (TopologyFixture f = fixture(2, 60_000)) {
      f.send(tweet("1", "one"), START);
      f.send(tweet("2", "two"), START);
      f.send(tweet("3", "three"), START); // buffered in the next batch
      scorer.version(2);
      f.send(tweet("4", "four"), START);

      assertThat(f.results.readRecordsToList())
          .extracting(r -> r.key() + "@v" + r.value().getModelVersion())
          .containsExactly("1@v1", "2@v1", "3@v2", "4@v2");
    }
  }

  @Test
  void countsRecordsInAndOutAndBatchSizes() {
    try (TopologyFixture f = fixture(3, 60_000)) {
      long before = System.currentTimeMillis();
      for (int i = 0; i < 6; i++) {
        f.send(tweet("t" + i, "text " + i), Instant.ofEpochMilli(0));
      }
      long after = System.currentTimeMillis();
      var reg = f.metrics.registry();
      assertThat(reg.get("sentiment.records.in").counter().count()).isEqualTo(6);
      assertThat(reg.get("sentiment.records.out").counter().count()).isEqualTo(6);
      assertThat(reg.get("sentiment.batch.size").summary().count()).isEqualTo(2);
      assertThat(reg.get("sentiment.batch.size").summary().max()).isEqualTo(3);
      // Event time is 1970, so the latency is the real clock when the pass ended, minus 0: the
      // real clock, not the driver's (2026), since Streams' cached time predates the pass.
      // Recorded in whole milliseconds; the timer keeps nanoseconds as a double, where ~1.8e18 ns
      // is exact only to ~256 ns, so the max reads back a hair off a whole millisecond: round it.
      assertThat(
              Math.round(
                  reg.get("sentiment.end.to.end.latency")
                      .timer()
                      .max(java.util.concurrent.TimeUnit.MILLISECONDS)))
          .isBetween(before, after);
    }
  }

  @Test
  void classifiedAtIsWhenThePassEndedNotWhenTheFlushBegan() {
    // 100 ms per text: a full batch of 3 takes 300 ms inside the third record's process() call.
    SlowScorer slow = new SlowScorer(scored -> 100);
    try (TopologyFixture f =
        new TopologyFixture(
            slow,
            Map.of(StreamConfig.BATCH_MAX_SIZE, 3, StreamConfig.BATCH_MAX_DELAY_MS, 60_000))) {
      f.send(tweet("1", "one"), START);
      f.send(tweet("2", "two"), START);
      long flushStarts = System.currentTimeMillis();
      f.send(tweet("3", "three"), START);
      long flushEnded = System.currentTimeMillis();
      assertThat(slow.calls).extracting(SlowScorer.Call::texts).containsExactly(3);
      assertThat(f.results.readRecordsToList())
          .extracting(r -> r.value().getClassifiedAt().toEpochMilli())
          .hasSize(3)
          .allSatisfy(
              ms -> assertThat(ms).isBetween(flushStarts + slow.calls.get(0).millis(), flushEnded));
    }
  }

  @Test
  void aScorerThatSlowsDownMidStreamGetsSmallerBatches() {
    // 1 ms per text for the first 32 texts, then 25 ms. A 1600 ms transaction timeout at the
    // default fraction 0.25 leaves 400 ms per flush: at 25 ms per text, a batch of n texts and its
    // per-text retry take ~50n ms, so at most 8 texts fit.
    SlowScorer slow = new SlowScorer(scored -> scored < 32 ? 1 : 25);
    try (TopologyFixture f =
        new TopologyFixture(
            slow,
            Map.of(
                StreamConfig.BATCH_MAX_SIZE,
                32,
                StreamConfig.BATCH_MAX_DELAY_MS,
                60_000,
                "transaction.timeout.ms",
                1600))) {
      for (int i = 0; i < 96; i++) {
        f.send(tweet("t" + i, "tweet number " + i), START.plusSeconds(i));
      }
      List<Integer> sizes = slow.calls.stream().map(SlowScorer.Call::texts).toList();
      assertThat(sizes.get(0)).as("full batch before the slowdown").isEqualTo(32);
      assertThat(sizes.get(1))
          .as("the first slow batch was sized before it was slow")
          .isEqualTo(32);
      assertThat(sizes.subList(2, sizes.size())).isNotEmpty().allMatch(n -> n >= 1 && n <= 8);
      assertThat(sizes.stream().mapToInt(Integer::intValue).sum())
          .as("every tweet scored once, the rest still buffered")
          .isGreaterThan(96 - 8)
          .isLessThanOrEqualTo(96);
      assertThat(f.metrics.registry().get("sentiment.batch.cap").gauge().value())
          .isBetween(1.0, 8.0);
    }
  }

  private TopologyFixture fixture(int batchSize, long delayMs) {
    return new TopologyFixture(
        scorer,
        Map.of(StreamConfig.BATCH_MAX_SIZE, batchSize, StreamConfig.BATCH_MAX_DELAY_MS, delayMs));
  }
}
