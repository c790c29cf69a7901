package io.sentimentstream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sentimentstream.classifier.EncoderId;
import io.sentimentstream.classifier.SentimentClassifier;
import io.sentimentstream.stream.testing.CountingEncoder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scorer itself; its cache and batching are the batch former's (see BatchFormerTest). */
class ClassifierScorerTest {
  private final CountingEncoder encoder = new CountingEncoder();
  private final StreamMetrics metrics = new StreamMetrics(new SimpleMeterRegistry());
  private final ClassifierScorer scorer =
      new ClassifierScorer(
          new SentimentClassifier(encoder, CountingEncoder.head(1, CountingEncoder.ID)), metrics);

  @Test
  void headSwapLabelsTheNextPassAndSetsTheGauge() {
    scorer.replaceHead(CountingEncoder.head(2, CountingEncoder.ID));
    assertThat(scorer.score(scorer.tokenize(List.of("hello"))).get(0).modelVersion()).isEqualTo(2L);
    assertThat(scorer.modelVersion()).isEqualTo(2L);
    assertThat(metrics.registry().get("sentiment.model.version").gauge().value()).isEqualTo(2.0);
  }

  @Test
  void headForAnotherEncoderIsRefusedAndTheOldOneKeepsServing() {
    assertThatThrownBy(
            () -> scorer.replaceHead(CountingEncoder.head(3, new EncoderId("other", "ff"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other");
    assertThat(scorer.score(scorer.tokenize(List.of("x"))).get(0).modelVersion()).isEqualTo(1L);
  }
}
