package io.sentimentstream.stream.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sentimentstream.avro.Tweet;
import io.sentimentstream.serde.InMemorySchemaRegistry;
import io.sentimentstream.stream.DeadLetterHeaders;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.StreamMetrics;
import io.sentimentstream.stream.internals.DeadLetters.Origin;
import io.sentimentstream.stream.internals.avro.PendingTweet;
import io.sentimentstream.stream.testing.FakeScorer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * A task that starts with its held-records store already full (restored after a restart during a
 * registry outage) has seen no registry failure of its own: the next record that needs the registry
 * is still dead-lettered as retryable, with a reason, instead of failing the stream thread.
 */
class RestartWithFullHoldTest {
  @Test
  void aFreshProcessorWithAFullHoldStoreDeadLettersTheNextRecordAsRetryable() {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    Serde<Tweet> serde = registry.serde(Tweet.class);
    byte[] waiting = serde.serializer().serialize("tweets", tweet("t0"));
    byte[] next = serde.serializer().serialize("tweets", tweet("t1"));
    registry.down(true);

    MockProcessorContext<Object, Object> ctx = new MockProcessorContext<>();
    ctx.setCurrentSystemTimeMs(1_000);
    KeyValueStore<Long, PendingTweet> buffer = store(ctx, "pending-tweets");
    KeyValueStore<Long, PendingTweet> held = store(ctx, "held-tweets");
    Origin o = new Origin("tweets", 0, 7, 0);
    held.put(0L, PendingTweets.raw(o, null, waiting, new RecordHeaders())); // restored
    assertThat(buffer.approximateNumEntries()).isZero();

    StreamConfig cfg = new StreamConfig(Map.of());
    StreamMetrics metrics = new StreamMetrics(new SimpleMeterRegistry());
    FakeScorer scorer = new FakeScorer();
    BatchFormer former = BatchFormer.of(cfg, scorer, BatchBudget.of(cfg, c -> {}), metrics);
    MicroBatchProcessor p =
        new MicroBatchProcessor(
            new MicroBatchProcessor.Settings(
                "pending-tweets",
                "held-tweets",
                "results",
                "dlq",
                100,
                256,
                4096,
                1 << 19,
                1,
                1 << 24),
            serde.deserializer(),
            bytes -> true, // a fresh processor has read no schema id yet
            former,
            metrics);
    p.init(ctx);
    ctx.setRecordMetadata("tweets", 0, 8);

    p.process(new Record<>("t1".getBytes(StandardCharsets.UTF_8), next, 0L));

    List<CapturedForward<?, ?>> out = ctx.forwarded();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).childName()).hasValue("dlq");
    Record<?, ?> dlq = out.get(0).record();
    assertThat(dlq.value()).isEqualTo(next);
    assertThat(header(dlq, DeadLetterHeaders.RETRYABLE)).isEqualTo("true");
    assertThat(header(dlq, DeadLetterHeaders.ERROR_MESSAGE))
        .contains("1 records")
        .contains("registry.hold.max.records=1")
        .contains("since before this task started");
  }

  private static KeyValueStore<Long, PendingTweet> store(
      MockProcessorContext<Object, Object> ctx, String name) {
    KeyValueStore<Long, PendingTweet> s =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(name), Serdes.Long(), PendingTweetSerde.create())
            .withLoggingDisabled()
            .build();
    s.init(ctx.getStateStoreContext(), s);
    ctx.addStateStore(s);
    return s;
  }

  private static Tweet tweet(String id) {
    return Tweet.newBuilder()
        .setId(id)
        .setText("a good day")
        .setUser("someone")
        .setCreatedAt(Instant.EPOCH)
        .build();
  }

  private static String header(Record<?, ?> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
