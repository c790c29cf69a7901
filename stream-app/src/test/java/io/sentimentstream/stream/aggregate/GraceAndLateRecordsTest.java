package io.sentimentstream.stream.aggregate;

import static io.sentimentstream.avro.Sentiment.NEGATIVE;
import static io.sentimentstream.avro.Sentiment.POSITIVE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Out-of-order results count until stream time passes window end + grace; later ones are late. */
class GraceAndLateRecordsTest {
  private static AggregateFixture fixture(long graceMs) {
    return new AggregateFixture(
        Map.of(
            AggregateSettings.AGGREGATE_WINDOW_MS,
            "60000",
            AggregateSettings.AGGREGATE_GRACE_MS,
            Long.toString(graceMs)));
  }

  @Test
  void outOfOrderResultWithinGraceStillCounts() {
    try (AggregateFixture f = fixture(10_000)) {
      f.send(POSITIVE, "a", 10_000);
      f.send(POSITIVE, "b", 69_999); // stream time 69.999 s: window [0, 60) open until 70 s
      f.send(NEGATIVE, "c", 59_000);
      assertThat(f.last("all", 0).getTweets()).isEqualTo(2);
      assertThat(f.last("all", 0).getNegative()).isEqualTo(1);
      assertThat(f.late("all")).isZero();
    }
  }

  @Test
  void resultBeyondGraceIsCountedAsLateAndNotAggregated() {
    try (AggregateFixture f = fixture(10_000)) {
      f.send(POSITIVE, "a", 10_000);
      f.send(POSITIVE, "b", 70_000); // stream time 70 s = end 60 s + grace 10 s: window closed
      f.send(NEGATIVE, "c #late", 59_000);
      assertThat(f.last("all", 0).getTweets()).isEqualTo(1);
      assertThat(f.last("all", 0).getNegative()).isZero();
      assertThat(f.compacted()).doesNotContainKey("#late@0");
      assertThat(f.late("all")).isEqualTo(1.0); // the result, once for the whole stream
      assertThat(f.late("hashtag")).isEqualTo(1.0); // and once for its hashtag's window
      f.send(NEGATIVE, "d", 60_500); // the next window is still open
      assertThat(f.last("all", 60_000).getTweets()).isEqualTo(2);
    }
  }

  @Test
  void zeroGraceClosesAWindowAtItsEnd() {
    try (AggregateFixture f = fixture(0)) {
      f.send(POSITIVE, "a", 30_000);
      f.send(POSITIVE, "b", 60_000);
      f.send(NEGATIVE, "c", 59_999);
      assertThat(f.last("all", 0).getTweets()).isEqualTo(1);
      assertThat(f.late("all")).isEqualTo(1.0);
    }
  }

  @Test
  void streamTimeDoesNotGoBackWithAnEarlyRecord() {
    try (AggregateFixture f = fixture(5_000)) {
      f.send(POSITIVE, "a", 200_000);
      f.send(NEGATIVE, "b", 10_000); // late
      f.send(NEGATIVE, "c", 100_000); // still late: stream time stays at 200 s
      assertThat(f.late("all")).isEqualTo(2.0);
      assertThat(f.compacted()).containsOnlyKeys("all@180000");
    }
  }

  /**
   * Finding 7 of issue 21: one result dated hours ahead of the wall clock (the driver's starts at
   * the epoch) used to move stream time there, so every later result was late. It is now counted
   * and left out, and stream time stays with the results that were aggregated.
   */
  @Test
  void aFutureDatedResultDoesNotAdvanceStreamTime() {
    long twoHours = 7_200_000;
    try (AggregateFixture f = fixture(10_000)) {
      f.send(POSITIVE, "a #now", 10_000);
      f.send(NEGATIVE, "b #later", 10_000 + twoHours); // beyond aggregate.max.future.ms (1 h)
      f.send(POSITIVE, "c #now", 20_000);
      assertThat(f.late("all")).isZero();
      assertThat(f.last("all", 0).getTweets()).isEqualTo(2);
      assertThat(f.last("#now", 0).getTweets()).isEqualTo(2);
      assertThat(f.compacted()).containsOnlyKeys("all@0", "#now@0");
      assertThat(f.future("all")).isEqualTo(1.0);
      assertThat(f.future("hashtag")).isEqualTo(1.0);
    }
  }

  @Test
  void aResultUpToTheConfiguredBoundAheadStillMovesStreamTime() {
    try (AggregateFixture f =
        new AggregateFixture(
            Map.of(
                AggregateSettings.AGGREGATE_WINDOW_MS, "60000",
                AggregateSettings.AGGREGATE_GRACE_MS, "10000",
                AggregateSettings.AGGREGATE_MAX_FUTURE_MS, "600000"))) {
      f.send(POSITIVE, "a", 600_000); // exactly the bound ahead of the wall clock: aggregated
      f.send(NEGATIVE, "b", 600_001); // 1 ms beyond it: left out
      f.send(NEGATIVE, "c", 10_000); // late: stream time is 600 s
      assertThat(f.future("all")).isEqualTo(1.0);
      assertThat(f.late("all")).isEqualTo(1.0);
      assertThat(f.compacted()).containsOnlyKeys("all@600000");
    }
  }
}
