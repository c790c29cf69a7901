package io.sentimentstream.stream.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sentimentstream.classifier.ForwardPasses;
import io.sentimentstream.classifier.Prediction;
import io.sentimentstream.classifier.SentimentClassifier;
import io.sentimentstream.classifier.TokenizedTexts;
import io.sentimentstream.stream.ClassifierScorer;
import io.sentimentstream.stream.SentimentScorer;
import io.sentimentstream.stream.StreamMetrics;
import io.sentimentstream.stream.testing.CountingEncoder;
import io.sentimentstream.stream.testing.FakeScorer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchFormerTest {
  /** 32 texts per flush at most; 1000 ms per flush. */
  private final BatchBudget budget = new BatchBudget(32, 1, 4000, 0.25, cap -> {});

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final StreamMetrics metrics = new StreamMetrics(registry);

  private final CountingEncoder encoder = new CountingEncoder();
  private final ClassifierScorer classifier =
      new ClassifierScorer(
          new SentimentClassifier(encoder, CountingEncoder.head(1, CountingEncoder.ID)), metrics);

  private BatchFormer former(SentimentScorer scorer, int cacheEntries) {
    return new BatchFormer(scorer, budget, new TextCache(cacheEntries, 64), metrics);
  }

  private static List<Prediction> predictions(List<BatchFormer.Outcome> outcomes) {
    return outcomes.stream().map(BatchFormer.Outcome::prediction).toList();
  }

  @Test
  void aPassTheCacheAnsweredWholeIsNeitherTimedNorCountedAsAnInferenceBatch() {
    budget.calibrate(new BatchBudget.Calibration(1, 11, 32, 42));
    FakeScorer scorer = new FakeScorer();
    TextCache cache = new TextCache(8, 8);
    List<Prediction> known = scorer.score(List.of("seen", "also seen"));
    cache.put("seen", known.get(0));
    cache.put("also seen", known.get(1));
    BatchFormer former = new BatchFormer(scorer, budget, cache, metrics);

    assertThat(former.flush(List.of("seen", "also seen"))).hasSize(2);
    assertThat(registry.get("sentiment.batch.size").summary().count()).isZero();
    assertThat(registry.get("sentiment.inference.time").timer().count()).isZero();

    assertThat(former.flush(List.of("seen", "new"))).hasSize(2);
    assertThat(registry.get("sentiment.batch.size").summary().count()).isEqualTo(1);
    assertThat(registry.get("sentiment.batch.size").summary().max()).isEqualTo(2);
  }

  @Test
  void identicalTextsCostOneInferenceAcrossBatches() {
    BatchFormer former = former(classifier, 100);
    List<Prediction> first =
        predictions(former.flush(List.of("rt same text", "other", "rt same text")));
    List<Prediction> second = predictions(former.flush(List.of("rt same text", "new one")));

    assertThat(encoder.embedded).containsExactly("other", "rt same text", "new one");
    assertThat(second.get(0).probabilities()).isEqualTo(first.get(0).probabilities());
    assertThat(first.get(2)).isSameAs(first.get(0));
    assertThat(registry.get("sentiment.cache.hits").counter().count()).isEqualTo(2);
    assertThat(registry.get("sentiment.cache.misses").counter().count()).isEqualTo(3);
    assertThat(registry.get("sentiment.cache.hit.ratio").gauge().value()).isEqualTo(0.4);
  }

  @Test
  void aHeadSwapMeansTheOldHeadsPredictionsAreNotReused() {
    BatchFormer former = former(classifier, 100);
    former.flush(List.of("hello"));
    classifier.replaceHead(CountingEncoder.head(2, CountingEncoder.ID));
    List<Prediction> after = predictions(former.flush(List.of("hello")));

    assertThat(encoder.embedded).containsExactly("hello", "hello");
    assertThat(after.get(0).modelVersion()).isEqualTo(2L);
  }

  @Test
  void aFlushIsTokenizedOnceAndItsPassesRunOnThoseTokensEvenWhenRetried() {
    BatchFormer former = former(classifier, 100);
    former.flush(List.of("one", "two words", "three words here"));
    assertThat(encoder.tokenizeCalls).hasValue(1);

    // A pass that fails is retried text by text on the same tokens.
    List<TokenizedTexts> passes = new ArrayList<>();
    SentimentScorer failsTogether =
        new SentimentScorer() {
          @Override
          public TokenizedTexts tokenize(List<String> texts) {
            return classifier.tokenize(texts);
          }

          @Override
          public List<Prediction> score(TokenizedTexts pass) {
            passes.add(pass);
            if (pass.size() > 1) {
              throw new IllegalStateException("too many at once");
            }
            return classifier.score(pass);
          }

          @Override
          public long modelVersion() {
            return classifier.modelVersion();
          }
        };
    List<BatchFormer.Outcome> out = former(failsTogether, 100).flush(List.of("a b", "c d e"));
    assertThat(out).allSatisfy(o -> assertThat(o.prediction()).isNotNull());
    assertThat(encoder.tokenizeCalls).hasValue(2);
    assertThat(passes).extracting(TokenizedTexts::size).containsExactly(2, 1, 1);
    assertThat(passes.get(1).ids(0)).isSameAs(passes.get(0).ids(0));
  }

  @Test
  void aFlushIsCutIntoPassesByTokenCountShortestFirst() {
    BatchBudget roomy = new BatchBudget(128, 16, 4000, 0.25, cap -> {});
    List<Integer> passSizes = new ArrayList<>();
    List<Integer> longest = new ArrayList<>();
    SentimentScorer recording =
        new SentimentScorer() {
          @Override
          public TokenizedTexts tokenize(List<String> texts) {
            return classifier.tokenize(texts);
          }

          @Override
          public List<Prediction> score(TokenizedTexts pass) {
            passSizes.add(pass.size());
            int max = 0;
            for (int i = 0; i < pass.size(); i++) {
              max = Math.max(max, pass.length(i));
            }
            longest.add(max);
            return classifier.score(pass);
          }

          @Override
          public long modelVersion() {
            return classifier.modelVersion();
          }
        };
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 100; i++) { // 3 tokens each, but every tenth 16 (the maximum)
      texts.add(i % 10 == 0 ? "w ".repeat(20) + i : "short" + i);
    }
    new BatchFormer(recording, roomy, new TextCache(0, 64), metrics).flush(texts);

    // The long texts wait for the last pass, though they came every tenth: sorted, then cut.
    assertThat(passSizes).containsExactly(ForwardPasses.MAX_ROWS, 36);
    assertThat(longest).containsExactly(3, 16);
  }

  @Test
  void aPassWithRoomComputesWhatOtherTasksWaitForAndTheyFindItWithoutInference() {
    FakeScorer scorer = new FakeScorer();
    BatchFormer former = former(scorer, 0); // reuse off: kept predictions still reach their owner
    for (String t : List.of("mine", "yours 1", "yours 2")) {
      former.buffered(t);
    }
    former.flush(List.of("mine"));
    assertThat(scorer.batchSizes).containsExactly(3);
    assertThat(former.computedForIt(List.of("yours 1", "yours 2"))).isTrue();

    List<Prediction> theirs = predictions(former.flush(List.of("yours 1", "yours 2")));
    assertThat(theirs).doesNotContainNull();
    assertThat(scorer.batchSizes).as("no second inference").containsExactly(3);
    assertThat(registry.get("sentiment.cache.hits").counter().count())
        .as("work done for another task is not a cache hit")
        .isZero();
    assertThat(former.flush(List.of("yours 1"))).hasSize(1);
    assertThat(scorer.batchSizes).as("claimed once, with reuse off").containsExactly(3, 1);
  }
}
