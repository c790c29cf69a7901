package io.sentimentstream.stream.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sentimentstream.classifier.Prediction;
import io.sentimentstream.stream.SentimentScorer;
import io.sentimentstream.stream.StreamMetrics;
import io.sentimentstream.stream.testing.FakeScorer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchScorerTest {
  /** 10 ms per pass + 1 ms per token, 1 token per text; 1000 ms per flush allows 32 texts. */
  private final BatchBudget budget = new BatchBudget(32, 1, 4000, 0.25, cap -> {});

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final StreamMetrics metrics = new StreamMetrics(registry);

  /** A scorer whose cache knows {@code cached}: those texts cost nothing (as ClassifierScorer). */
  private static SentimentScorer cachedScorer(Set<String> cached) {
    FakeScorer labels = new FakeScorer();
    return new SentimentScorer() {
      @Override
      public List<Prediction> score(List<String> cleanTexts) {
        return labels.score(cleanTexts);
      }

      @Override
      public long cost(List<String> cleanTexts) {
        return cleanTexts.stream().filter(t -> !cached.contains(t)).count();
      }
    };
  }

  @Test
  void aPassTheCacheAnsweredWholeIsNeitherTimedNorCountedAsAnInferenceBatch() {
    budget.calibrate(new BatchBudget.Calibration(1, 11, 32, 42));
    BatchScorer scorer =
        new BatchScorer(
            cachedScorer(Set.of("seen", "also seen")), metrics, budget, new LookAhead(8));

    assertThat(scorer.score(List.of("seen", "also seen"))).hasSize(2);
    assertThat(registry.get("sentiment.batch.size").summary().count()).isZero();
    assertThat(registry.get("sentiment.inference.time").timer().count()).isZero();

    assertThat(scorer.score(List.of("seen", "new"))).hasSize(2);
    assertThat(registry.get("sentiment.batch.size").summary().count()).isEqualTo(1);
    assertThat(registry.get("sentiment.batch.size").summary().max()).isEqualTo(2);
  }
}
