package io.sentimentstream.stream;

import static io.sentimentstream.stream.testing.TopologyFixture.START;
import static io.sentimentstream.stream.testing.TopologyFixture.tweet;
import static org.assertj.core.api.Assertions.assertThat;

import io.sentimentstream.avro.Tweet;
import io.sentimentstream.stream.testing.FakeScorer;
import io.sentimentstream.stream.testing.TopologyFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Records crafted to be stored or emitted larger than anything the app can write, and failures that
 * say nothing about the record: each goes to the dead-letter topic, with a reason, and the good
 * records around it flow.
 */
class HostileInputTest {
  private final FakeScorer scorer = new FakeScorer();

  @Test
  void aValidTweetWithAHalfMegabyteIdIsDeadLetteredNotBuffered() {
    try (TopologyFixture f = fixture(Map.of())) {
      // The confirmed case: key + value + headers under record.max.bytes, but the id is stored and
      // emitted beside the value, so the buffered entry was twice the producer's limit.
      String id = "9".repeat(524_088);
      byte[] value = f.bytes(tweet(id, "a good day"));
      assertThat(value.length).isLessThan(512 * 1024);
      f.send(tweet("before", "a good day"), START);
      f.tweets.pipeInput(new byte[] {1}, value, START);
      f.send(tweet("after", "a bad day"), START);
      flush(f);

      TestRecord<byte[], byte[]> dlq = f.deadLetters.readRecord();
      String message = header(dlq, DeadLetterHeaders.ERROR_MESSAGE);
      assertThat(message)
          .contains("tweet id is 524088 bytes, over the limit tweet.id.max.bytes=256")
          .hasSizeLessThan(200);
      assertThat(dlq.value()).isEqualTo(value);
      assertThat(f.results.readKeyValuesToList())
          .extracting(kv -> kv.key)
          .containsExactly("before", "after");
    }
  }

  @Test
  void aRecordThatFitsOnArrivalButNotOnceStoredWithItsTextIsDeadLettered() {
    int limit = 64 * 1024;
    try (TopologyFixture f = fixture(Map.of(StreamConfig.RECORD_MAX_BYTES, limit))) {
      // Its bytes are just under the limit; buffered beside its decoded id and cleaned text, over.
      String text = "good ".repeat(800);
      byte[] probe = f.bytes(tweet("t1", text));
      String pad = "x".repeat(limit - probe.length - 300);
      byte[] value = f.bytes(Tweet.newBuilder(tweet("t1", text)).setUser(pad).build());
      assertThat(value.length).isBetween(limit - 400, limit - 1);
      f.tweets.pipeInput("t1".getBytes(StandardCharsets.UTF_8), value, START);
      flush(f);

      TestRecord<byte[], byte[]> dlq = f.deadLetters.readRecord();
      assertThat(header(dlq, DeadLetterHeaders.ERROR_MESSAGE))
          .contains("record would take")
          .contains("bytes buffered")
          .contains("over the limit record.max.bytes=" + limit);
      assertThat(f.results.isEmpty()).isTrue();
    }
  }

  @Test
  void headerKeysAreCountedInUtf8BytesAsTheBrokerCountsThem() {
    try (TopologyFixture f = fixture(Map.of())) {
      // 200,000 characters, 600,000 bytes: counted in characters it looked under 512 KiB.
      RecordHeaders headers = new RecordHeaders();
      headers.add("€".repeat(200_000), new byte[0]);
      f.tweets.pipeInput(
          new TestRecord<>(
              "t1".getBytes(StandardCharsets.UTF_8),
              f.bytes(tweet("t1", "a good day")),
              headers,
              START));
      flush(f);

      TestRecord<byte[], byte[]> dlq = f.deadLetters.readRecord();
      assertThat(header(dlq, DeadLetterHeaders.ERROR_MESSAGE))
          .contains("over the limit record.max.bytes");
      assertThat(header(dlq, DeadLetterHeaders.TRUNCATED)).contains("headers left off");
      assertThat(f.results.isEmpty()).isTrue();
    }
  }

  @Test
  void whenNoTextOfAFailedBatchScoresAloneEachIsDeadLetteredAsRetryable() {
    try (TopologyFixture f = fixture(Map.of(StreamConfig.BATCH_MAX_SIZE, 2))) {
      f.send(tweet("t1", "boom one"), START); // FakeScorer throws on every text with "boom"
      f.send(tweet("t2", "boom two"), START);

      List<TestRecord<byte[], byte[]>> dlq = f.deadLetters.readRecordsToList();
      assertThat(dlq).hasSize(2);
      assertThat(dlq)
          .allSatisfy(r -> assertThat(header(r, DeadLetterHeaders.RETRYABLE)).isEqualTo("true"));
    }
  }

  @Test
  void whenAnotherTextOfTheBatchScoresAloneTheFailureIsTheTextsOwn() {
    try (TopologyFixture f = fixture(Map.of(StreamConfig.BATCH_MAX_SIZE, 2))) {
      f.send(tweet("t1", "boom one"), START);
      f.send(tweet("t2", "a good day"), START);

      TestRecord<byte[], byte[]> dlq = f.deadLetters.readRecord();
      assertThat(header(dlq, DeadLetterHeaders.ERROR_MESSAGE)).contains("model exploded");
      assertThat(dlq.headers().lastHeader(DeadLetterHeaders.RETRYABLE)).isNull();
      assertThat(f.results.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("t2");
    }
  }

  @Test
  void heldRecordsAreBoundedByBytesAsStoredNotOnlyByCount() {
    try (TopologyFixture f = fixture(Map.of(StreamConfig.REGISTRY_HOLD_MAX_BYTES, 8 * 1024L))) {
      String text = "a good day ".repeat(300); // ~3.3 KB a record
      byte[][] values = new byte[3][];
      for (int i = 0; i < 3; i++) {
        values[i] = f.bytes(tweet("t" + i, text));
      }
      f.registry.down(true);
      for (int i = 0; i < 3; i++) {
        f.tweets.pipeInput(("t" + i).getBytes(StandardCharsets.UTF_8), values[i], START);
      }

      TestRecord<byte[], byte[]> dlq = f.deadLetters.readRecord();
      assertThat(dlq.value()).isEqualTo(values[2]);
      assertThat(header(dlq, DeadLetterHeaders.RETRYABLE)).isEqualTo("true");
      assertThat(header(dlq, DeadLetterHeaders.ERROR_MESSAGE)).contains("unreachable");
      assertThat(f.deadLetters.isEmpty()).isTrue();
      assertThat(f.metrics.registry().get("sentiment.records.held").gauge().value()).isEqualTo(2);
    }
  }

  private TopologyFixture fixture(Map<String, Object> extra) {
    Map<String, Object> m = new HashMap<>();
    m.put(StreamConfig.BATCH_MAX_SIZE, 8);
    m.put(StreamConfig.BATCH_MAX_DELAY_MS, 100L);
    m.putAll(extra);
    return new TopologyFixture(scorer, m);
  }

  private static void flush(TopologyFixture f) {
    f.driver.advanceWallClockTime(Duration.ofSeconds(1));
  }

  static String header(TestRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
