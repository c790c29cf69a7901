package io.sentimentstream.stream;

import static io.sentimentstream.stream.testing.TopologyFixture.START;
import static io.sentimentstream.stream.testing.TopologyFixture.tweet;
import static org.assertj.core.api.Assertions.assertThat;

import io.sentimentstream.avro.Tweet;
import io.sentimentstream.stream.testing.FakeScorer;
import io.sentimentstream.stream.testing.TopologyFixture;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadLetterTest {
  private final FakeScorer scorer = new FakeScorer();
  private final TopologyFixture f =
      new TopologyFixture(
          scorer,
          Map.of(
              StreamConfig.BATCH_MAX_SIZE, 3,
              StreamConfig.BATCH_MAX_DELAY_MS, 60_000L,
              StreamConfig.TEXT_MAX_BYTES, 40));

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void routesRecordWithBadMagicByteToDeadLetterTopic() {
    byte[] value = f.bytes(tweet("1", "hello"));
    value[0] = 7;
    assertDeadLettered(value, "SerializationException", "unknown magic byte 0x07");
  }

  @Test
  void routesRecordWithUnknownSchemaIdToDeadLetterTopic() {
    byte[] value = f.bytes(tweet("1", "hello"));
    value[4] = 99;
    assertDeadLettered(value, "SchemaRegistryException", "schema id 99");
  }

  @Test
  void routesTruncatedAvroToDeadLetterTopic() {
    byte[] full = f.bytes(tweet("1", "hello world"));
    byte[] value = Arrays.copyOf(full, full.length - 8);
    assertDeadLettered(value, "SerializationException", "Cannot deserialize");
  }

  @Test
  void routesNullValueToDeadLetterTopic() {
    assertDeadLettered(null, "InvalidTweetException", "record value is null");
  }

  @Test
  void routesEmptyTextToDeadLetterTopic() {
    assertDeadLettered(f.bytes(tweet("1", "  ")), "InvalidTweetException", "tweet 1 has no text");
  }

  @Test
  void routesTextOverByteLimitToDeadLetterTopic() {
    // 11 four-byte emoji = 44 bytes > 40, although only 22 chars
    String text = "🔥".repeat(11);
    assertDeadLettered(
        f.bytes(tweet("1", text)),
        "InvalidTweetException",
        "44 bytes, over the limit text.max.bytes=40");
  }

  @Test
  void routesTextEmptyAfterCleaningToDeadLetterTopic() {
    assertDeadLettered(
        f.bytes(tweet("1", "@someone https://t.co/x")),
        "InvalidTweetException",
        "empty after cleaning");
  }

  @Test
  void isolatesInferenceFailureToTheFailingRecord() {
    byte[] bad = f.bytes(tweet("b", "boom goes the model"));
    f.send(tweet("a", "good"), START);
    f.tweets.pipeInput("b".getBytes(StandardCharsets.UTF_8), bad, START.plusMillis(5));
    f.send(tweet("c", "bad"), START);

    assertThat(f.results.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("a", "c");
    TestRecord<byte[], byte[]> dlq = f.deadLetters.readRecord();
    assertThat(dlq.value()).isEqualTo(bad);
    assertThat(dlq.key()).isEqualTo("b".getBytes(StandardCharsets.UTF_8));
    assertThat(header(dlq.headers(), DeadLetterHeaders.ERROR_CLASS))
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(header(dlq.headers(), DeadLetterHeaders.ERROR_MESSAGE)).contains("model exploded");
    assertThat(header(dlq.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
    assertThat(header(dlq.headers(), DeadLetterHeaders.SOURCE_TIMESTAMP))
        .isEqualTo(Long.toString(START.plusMillis(5).toEpochMilli()));
    assertThat(f.deadLetters.isEmpty()).isTrue();
    // batch of 3 failed, then 3 single retries
    assertThat(scorer.batchSizes).containsExactly(3, 1, 1, 1);
  }

  @Test
  void deadLettersAnOversizedRecordWithItsValueCutAndSaysSo() {
    try (TopologyFixture small =
        new TopologyFixture(
            scorer, Map.of(StreamConfig.BATCH_MAX_SIZE, 1, StreamConfig.RECORD_MAX_BYTES, 2048))) {
      Tweet huge =
          Tweet.newBuilder(tweet("big", "a short text"))
              .setAttributes(Map.of("blob", "x".repeat(5000)))
              .build();
      byte[] value = small.bytes(huge);
      small.tweets.pipeInput("big".getBytes(StandardCharsets.UTF_8), value, START);
      small.send(tweet("after", "good"), START);

      assertThat(small.results.readKeyValuesToList())
          .extracting(kv -> kv.key)
          .containsExactly("after");
      TestRecord<byte[], byte[]> dlq = small.deadLetters.readRecord();
      assertThat(dlq.value()).hasSize(1024).isEqualTo(java.util.Arrays.copyOf(value, 1024));
      assertThat(dlq.key()).isEqualTo("big".getBytes(StandardCharsets.UTF_8));
      assertThat(header(dlq.headers(), DeadLetterHeaders.ERROR_MESSAGE))
          .contains("over the limit record.max.bytes=2048");
      assertThat(header(dlq.headers(), DeadLetterHeaders.TRUNCATED))
          .isEqualTo(
              "key 3 of 3 bytes, value 1024 of " + value.length + " bytes, headers kept (0 bytes)");
      assertThat(header(dlq.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
    }
  }

  @Test
  void inferenceFailureDeadLetterKeepsTheInputsHeaders() {
    byte[] bad = f.bytes(tweet("b", "boom goes the model"));
    Headers in = new RecordHeaders().add("trace-id", "t-42".getBytes(StandardCharsets.UTF_8));
    f.tweets.pipeInput(
        new TestRecord<>("b".getBytes(StandardCharsets.UTF_8), bad, in, START.plusMillis(5)));
    f.driver.advanceWallClockTime(java.time.Duration.ofMinutes(1));

    TestRecord<byte[], byte[]> dlq = f.deadLetters.readRecord();
    assertThat(header(dlq.headers(), DeadLetterHeaders.ERROR_MESSAGE)).contains("model exploded");
    assertThat(header(dlq.headers(), "trace-id")).isEqualTo("t-42");
  }

  /** Sends a good record, then {@code value} at offset 1, then a good one; checks all three. */
  private void assertDeadLettered(byte[] value, String errorClass, String messagePart) {
    f.send(tweet("before", "good"), START);
    byte[] key = "k1".getBytes(StandardCharsets.UTF_8);
    f.tweets.pipeInput(key, value, START.plusSeconds(1));
    f.send(tweet("after", "bad"), START);
    f.driver.advanceWallClockTime(java.time.Duration.ofMinutes(1));

    assertThat(f.results.readKeyValuesToList())
        .extracting(kv -> kv.key)
        .containsExactly("before", "after");
    TestRecord<byte[], byte[]> dlq = f.deadLetters.readRecord();
    assertThat(f.deadLetters.isEmpty()).isTrue();
    assertThat(dlq.key()).isEqualTo(key);
    assertThat(dlq.value()).isEqualTo(value);
    assertThat(dlq.timestamp()).isEqualTo(START.plusSeconds(1).toEpochMilli());
    Headers h = dlq.headers();
    assertThat(header(h, DeadLetterHeaders.ERROR_CLASS)).endsWith("." + errorClass);
    assertThat(header(h, DeadLetterHeaders.ERROR_MESSAGE)).contains(messagePart);
    assertThat(header(h, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("tweets");
    assertThat(header(h, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
    assertThat(header(h, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
    assertThat(header(h, DeadLetterHeaders.SOURCE_TIMESTAMP))
        .isEqualTo(Long.toString(START.plusSeconds(1).toEpochMilli()));
    assertThat(Long.parseLong(header(h, DeadLetterHeaders.FAILED_AT)))
        .isGreaterThanOrEqualTo(START.toEpochMilli());
    assertThat(
            f.metrics
                .registry()
                .get("sentiment.records.dead.lettered")
                .tag("reason", errorClass)
                .counter()
                .count())
        .isEqualTo(1);
  }

  private static String header(Headers h, String name) {
    Header last = h.lastHeader(name);
    assertThat(last).as("header " + name).isNotNull();
    return new String(last.value(), StandardCharsets.UTF_8);
  }
}
