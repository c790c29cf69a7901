package io.sentimentstream.stream.aggregate;

import static io.sentimentstream.avro.Sentiment.NEGATIVE;
import static io.sentimentstream.avro.Sentiment.NEUTRAL;
import static io.sentimentstream.avro.Sentiment.POSITIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sentimentstream.avro.SentimentAggregate;
import io.sentimentstream.stream.aggregate.internals.WindowAggregate;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;

/** Tumbling event-time windows: boundaries, per-label counts, means, net sentiment, keys. */
class WindowArithmeticTest {
  @Test
  void countsEachResultInTheTumblingWindowOfItsEventTime() {
    try (AggregateFixture f = new AggregateFixture(Map.of())) {
      f.send(POSITIVE, "a", 0);
      f.send(NEGATIVE, "b", 59_999);
      f.send(POSITIVE, "c", 60_000);
      f.send(NEUTRAL, "d", 119_999);
      f.send(POSITIVE, "e", 120_000);

      SentimentAggregate w0 = f.last("all", 0);
      assertThat(w0.getWindowStart()).isEqualTo(Instant.EPOCH);
      assertThat(w0.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(60_000));
      assertThat(w0.getTweets()).isEqualTo(2);
      assertThat(w0.getPositive()).isEqualTo(1);
      assertThat(w0.getNegative()).isEqualTo(1);
      assertThat(w0.getNeutral()).isZero();
      assertThat(w0.getNetSentiment()).isEqualTo(0.0);
      assertThat(w0.getMeanPositive()).isCloseTo((0.7 + 0.15) / 2, within(1e-12));
      assertThat(w0.getMeanNeutral()).isCloseTo(0.15, within(1e-12));
      assertThat(w0.getModelVersion()).isEqualTo(3);

      SentimentAggregate w1 = f.last("all", 60_000);
      assertThat(w1.getTweets()).isEqualTo(2);
      assertThat(w1.getNetSentiment()).isEqualTo(0.5); // one positive, one neutral
      assertThat(f.last("all", 120_000).getTweets()).isEqualTo(1);
      assertThat(f.last("all", 120_000).getNetSentiment()).isEqualTo(1.0);
    }
  }

  @Test
  void windowSizeComesFromConfigAndStoreMatchesTheTopic() {
    try (AggregateFixture f =
        new AggregateFixture(Map.of(AggregateSettings.AGGREGATE_WINDOW_MS, "10000"))) {
      for (int s = 0; s < 25; s++) {
        f.send(s % 2 == 0 ? NEGATIVE : NEUTRAL, "tweet", s * 1_000L);
      }
      assertThat(f.last("all", 0).getTweets()).isEqualTo(10);
      assertThat(f.last("all", 10_000).getTweets()).isEqualTo(10);
      assertThat(f.last("all", 20_000).getTweets()).isEqualTo(5);
      assertThat(f.last("all", 20_000).getNegative()).isEqualTo(3); // 20, 22, 24 s
      WindowStore<String, WindowAggregate> store =
          f.driver.getWindowStore(AggregateTopology.WINDOW_STORE);
      assertThat(store.fetch("all", 20_000L).tweets()).isEqualTo(5);
      assertThat(store.fetch("all", 10_000L).counts()).containsExactly(5, 5, 0);
    }
  }

  @Test
  void tracksTermsOnWholeWordsAndHashtagsOfTheCleanedText() {
    try (AggregateFixture f =
        new AggregateFixture(Map.of(AggregateSettings.AGGREGATE_TERMS, "Trump, jeb bush,rubio"))) {
      f.send(NEGATIVE, "trump rally tonight #trump #gopdebate #trump", 1_000);
      f.send(POSITIVE, "a trumpet solo for jeb bush", 2_000);
      f.send(NEUTRAL, "rubio's answer #gopdeb…", 3_000); // a tag cut by a retweet's ellipsis

      Map<String, SentimentAggregate> topic = f.compacted();
      assertThat(topic.get("term:trump@0").getTweets()).isEqualTo(1); // not "trumpet"
      assertThat(topic.get("term:trump@0").getKind()).isEqualTo("term");
      assertThat(topic.get("term:jeb bush@0").getTweets()).isEqualTo(1);
      assertThat(topic.get("term:rubio@0").getTweets()).isEqualTo(1);
      assertThat(topic.get("#trump@0").getTweets()).isEqualTo(1); // once per tweet
      assertThat(topic.get("#trump@0").getKind()).isEqualTo("hashtag");
      assertThat(topic.get("#gopdebate@0").getNegative()).isEqualTo(1);
      assertThat(topic.get("all@0").getTweets()).isEqualTo(3);
      assertThat(topic.keySet())
          .containsExactlyInAnyOrder(
              "all@0",
              "#trump@0",
              "#gopdebate@0",
              "term:trump@0",
              "term:jeb bush@0",
              "term:rubio@0");
    }
  }

  @Test
  void unreadableResultIsCountedAndSkippedWithoutStoppingTheAggregates() {
    try (AggregateFixture f = new AggregateFixture(Map.of())) {
      f.results.pipeInput("x".getBytes(), new byte[] {9, 9, 9}, 500);
      f.send(POSITIVE, "fine", 1_000);
      assertThat(f.last("all", 0).getTweets()).isEqualTo(1);
      assertThat(
              f.meters
                  .find("sentiment.aggregate.results.skipped")
                  .tag("reason", "SerializationException")
                  .counter()
                  .count())
          .isEqualTo(1.0);
    }
  }
}
