package io.sentimentstream.stream;

import static io.sentimentstream.stream.testing.TopologyFixture.START;
import static io.sentimentstream.stream.testing.TopologyFixture.tweet;
import static org.assertj.core.api.Assertions.assertThat;

import io.sentimentstream.stream.testing.FakeScorer;
import io.sentimentstream.stream.testing.TopologyFixture;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** A schema registry that is away makes records wait, never dead-letters them for it. */
class RegistryOutageTest {
  private final FakeScorer scorer = new FakeScorer();

  @Test
  void recordsThatNeedTheRegistryWhileItIsDownWaitAndFlowWhenItReturns() {
    try (TopologyFixture f = fixture(Map.of())) {
      f.registry.down(false);
      byte[] v1 = f.bytes(tweet("t1", "a good day"));
      byte[] v2 = f.bytes(tweet("t2", "a bad day"));
      f.registry.down(true);
      pipe(f, "t1", v1);
      pipe(f, "t2", v2);
      f.driver.advanceWallClockTime(Duration.ofSeconds(5)); // retries while still down

      assertThat(f.results.isEmpty()).isTrue();
      assertThat(f.deadLetters.isEmpty()).as("an outage is not poison").isTrue();
      assertThat(held(f)).isEqualTo(2);

      f.registry.down(false);
      f.driver.advanceWallClockTime(Duration.ofSeconds(40)); // past the longest backoff
      assertThat(f.results.readKeyValuesToList())
          .extracting(kv -> kv.key)
          .containsExactly("t1", "t2");
      assertThat(f.deadLetters.isEmpty()).isTrue();
      assertThat(held(f)).isZero();
    }
  }

  @Test
  void recordsWithSchemaIdsAlreadySeenKeepFlowingWhileTheRegistryIsDown() {
    try (TopologyFixture f = fixture(Map.of())) {
      pipe(f, "t0", f.bytes(tweet("t0", "seen first")));
      pipe(f, "t1", f.bytes(tweet("t1", "also seen"))); // id 1 is now cached; batch of 2 flushes
      assertThat(f.results.readKeyValuesToList())
          .extracting(kv -> kv.key)
          .containsExactly("t0", "t1");
      byte[] unseen = withSchemaId(f.bytes(tweet("t2", "new id")), f.registry.alias(1));
      byte[] seen = f.bytes(tweet("t3", "good old id"));
      byte[] seenToo = f.bytes(tweet("t4", "good too"));
      f.registry.down(true);
      pipe(f, "t2", unseen);
      pipe(f, "t3", seen);
      pipe(f, "t4", seenToo);

      assertThat(f.results.readKeyValuesToList())
          .extracting(kv -> kv.key)
          .containsExactly("t3", "t4");
      assertThat(held(f)).isEqualTo(1);
      f.registry.down(false);
      f.driver.advanceWallClockTime(Duration.ofSeconds(40));
      assertThat(f.results.readKeyValuesToList()).extracting(kv -> kv.key).isEmpty();
      f.driver.advanceWallClockTime(Duration.ofMinutes(2)); // partial batch of 1 after its delay
      assertThat(f.results.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("t2");
      assertThat(f.deadLetters.isEmpty()).isTrue();
    }
  }

  @Test
  void beyondTheHoldLimitRecordsAreDeadLetteredAsRetryable() {
    try (TopologyFixture f = fixture(Map.of(StreamConfig.REGISTRY_HOLD_MAX_RECORDS, 1))) {
      byte[] v1 = f.bytes(tweet("t1", "a good day"));
      byte[] v2 = f.bytes(tweet("t2", "a bad day"));
      f.registry.down(true);
      pipe(f, "t1", v1);
      pipe(f, "t2", v2);

      TestRecord<byte[], byte[]> dlq = f.deadLetters.readRecord();
      assertThat(dlq.value()).isEqualTo(v2);
      assertThat(header(dlq, DeadLetterHeaders.RETRYABLE)).isEqualTo("true");
      assertThat(header(dlq, DeadLetterHeaders.ERROR_MESSAGE)).contains("unreachable");
      assertThat(held(f)).isEqualTo(1);
    }
  }

  private TopologyFixture fixture(Map<String, Object> extra) {
    Map<String, Object> m = new java.util.HashMap<>(extra);
    m.put(StreamConfig.BATCH_MAX_SIZE, 2);
    m.put(StreamConfig.BATCH_MAX_DELAY_MS, 60_000L);
    return new TopologyFixture(scorer, m);
  }

  private static void pipe(TopologyFixture f, String key, byte[] value) {
    f.tweets.pipeInput(key.getBytes(StandardCharsets.UTF_8), value, START);
  }

  private static double held(TopologyFixture f) {
    return f.metrics.registry().get("sentiment.records.held").gauge().value();
  }

  private static byte[] withSchemaId(byte[] wire, int id) {
    ByteBuffer.wrap(wire).putInt(1, id);
    return wire;
  }

  private static String header(TestRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
