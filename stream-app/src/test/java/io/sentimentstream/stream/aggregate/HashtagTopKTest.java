package io.sentimentstream.stream.aggregate;

import static io.sentimentstream.avro.Sentiment.NEUTRAL;
import static io.sentimentstream.avro.Sentiment.POSITIVE;
import static org.assertj.core.api.Assertions.assertThat;

import io.sentimentstream.stream.aggregate.internals.AggregatePartitioner;
import io.sentimentstream.stream.aggregate.internals.HashtagIndex;
import io.sentimentstream.stream.aggregate.internals.WindowAggregate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.Test;

/** Hashtag state per window stays within aggregate.hashtags.capacity; the top K stay in it. */
class HashtagTopKTest {
  private static AggregateFixture fixture(int topK, int capacity) {
    return new AggregateFixture(
        Map.of(
            AggregateSettings.AGGREGATE_HASHTAGS_TOP_K, Integer.toString(topK),
            AggregateSettings.AGGREGATE_HASHTAGS_CAPACITY, Integer.toString(capacity)));
  }

  @Test
  void newHashtagInAFullWindowEvictsTheRarestWithATombstone() {
    try (AggregateFixture f = fixture(2, 3)) {
      for (String text : List.of("#a", "#a", "#a", "#b", "#b", "#c", "#d")) {
        f.send(POSITIVE, text, 1_000);
      }
      assertThat(f.compacted()).containsEntry("#c@0", null); // tombstone: #c left the state
      assertThat(f.last("#d", 0).getTweets()).isEqualTo(1);
      WindowStore<String, WindowAggregate> store =
          f.driver.getWindowStore(AggregateTopology.WINDOW_STORE);
      assertThat(store.fetch("#c", 0L)).isNull();
      assertThat(store.fetch("#a", 0L).tweets()).isEqualTo(3);
      KeyValueStore<Long, HashtagIndex> index =
          f.driver.getKeyValueStore(AggregateTopology.INDEX_STORE);
      HashtagIndex i = index.get(0L);
      assertThat(i.size()).isEqualTo(3);
      assertThat(i.estimate("#d")).isEqualTo(2); // inherited #c's counter + 1
      assertThat(i.top(2)).containsExactly("#a", "#b"); // #b and #d tie at 2: by name
    }
  }

  @Test
  void manyDistinctHashtagsKeepStateBoundedAndTheFrequentOnesTracked() {
    try (AggregateFixture f = fixture(3, 10)) {
      for (int i = 0; i < 500; i++) {
        String text = "#tail" + i + (i % 3 == 0 ? " #hot" : "") + (i % 5 == 0 ? " #warm" : "");
        f.send(NEUTRAL, text, 1_000 + i);
      }
      WindowStore<String, WindowAggregate> store =
          f.driver.getWindowStore(AggregateTopology.WINDOW_STORE);
      List<String> hashtagKeys = new ArrayList<>();
      try (var it = store.all()) {
        it.forEachRemaining(
            kv -> {
              if (kv.key.key().startsWith("#")) {
                hashtagKeys.add(kv.key.key());
              }
            });
      }
      assertThat(hashtagKeys).hasSize(10).contains("#hot", "#warm");
      assertThat(store.fetch("#hot", 0L).tweets()).isEqualTo(167); // never evicted: exact
      KeyValueStore<Long, HashtagIndex> index =
          f.driver.getKeyValueStore(AggregateTopology.INDEX_STORE);
      assertThat(index.get(0L).top(2)).containsExactly("#hot", "#warm");
      assertThat(f.counter("sentiment.aggregate.hashtags.evicted")).isGreaterThan(400);
      assertThat(f.last("all", 0).getTweets()).isEqualTo(500);
    }
  }

  @Test
  void eachWindowHasItsOwnIndexAndOldOnesArePurgedAfterRetention() {
    try (AggregateFixture f =
        new AggregateFixture(
            Map.of(
                AggregateSettings.AGGREGATE_WINDOW_MS, "60000",
                AggregateSettings.AGGREGATE_GRACE_MS, "0",
                AggregateSettings.AGGREGATE_RETENTION_MS, "120000"))) {
      f.send(POSITIVE, "#x", 1_000);
      f.send(POSITIVE, "#y", 61_000);
      f.send(POSITIVE, "#z", 300_000);
      KeyValueStore<Long, HashtagIndex> index =
          f.driver.getKeyValueStore(AggregateTopology.INDEX_STORE);
      List<Long> windows = new ArrayList<>();
      try (var it = index.all()) {
        it.forEachRemaining(kv -> windows.add(kv.key));
      }
      assertThat(windows).containsExactly(300_000L - 300_000L % 60_000);
      WindowStore<String, WindowAggregate> store =
          f.driver.getWindowStore(AggregateTopology.WINDOW_STORE);
      try (WindowStoreIterator<WindowAggregate> it = store.fetch("#z", 0L, 400_000L)) {
        KeyValue<Long, WindowAggregate> kv = it.next();
        assertThat(kv.key).isEqualTo(300_000L);
      }
    }
  }

  @Test
  void everyHashtagGoesToThePartitionOfTheHashKey() {
    for (int n : new int[] {1, 2, 3, 8}) {
      int hashPartition = AggregatePartitioner.partition(AggregatePartitioner.HASHTAGS, n);
      for (int i = 0; i < 100; i++) {
        assertThat(AggregatePartitioner.partition("#tag" + i, n)).isEqualTo(hashPartition);
      }
    }
    List<Integer> spread = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      spread.add(AggregatePartitioner.partition("term:t" + i, 8));
    }
    assertThat(spread.stream().distinct().count()).isGreaterThan(4);
  }
}
