package io.sentimentstream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sentimentstream.classifier.Embeddings;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderId;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.Pooling;
import io.sentimentstream.classifier.Prediction;
import io.sentimentstream.classifier.SentimentClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassifierScorerTest {
  private static final EncoderId ID = new EncoderId("fake", "abc123");

  /** A 4-wide fake encoder that records every text it embeds. */
  static final class CountingEncoder implements Encoder {
    final List<String> embedded = new ArrayList<>();

    @Override
    public EncoderId id() {
      return ID;
    }

    @Override
    public int hiddenSize() {
      return 4;
    }

    @Override
    public int maxLength() {
      return 16;
    }

    @Override
    public Pooling pooling() {
      return Pooling.MEAN;
    }

    @Override
    public void close() {}

    @Override
    public Embeddings embed(List<String> texts) {
      embedded.addAll(texts);
      float[][] v = new float[texts.size()][];
      for (int i = 0; i < v.length; i++) {
        v[i] = new float[] {texts.get(i).length(), 1, 0, -1};
      }
      return new Embeddings(v, new boolean[texts.size()]);
    }
  }

  private static Head head(long version, EncoderId id, int width) {
    float[][] w = new float[3][width];
    w[2][0] = 1; // longer text -> more positive
    return new Head(
        Head.Type.LINEAR, id, Pooling.MEAN, version, w, new float[3], null, null, Map.of());
  }

  private final CountingEncoder encoder = new CountingEncoder();
  private final StreamMetrics metrics = new StreamMetrics(new SimpleMeterRegistry());
  private final ClassifierScorer scorer =
      new ClassifierScorer(new SentimentClassifier(encoder, head(1, ID, 4)), 100, metrics);

  @Test
  void identicalTextsCostOneInferenceAcrossBatches() {
    List<Prediction> first = scorer.score(List.of("rt same text", "other", "rt same text"));
    List<Prediction> second = scorer.score(List.of("rt same text", "new one"));

    assertThat(encoder.embedded).containsExactly("rt same text", "other", "new one");
    assertThat(second.get(0).probabilities()).isEqualTo(first.get(0).probabilities());
    assertThat(metrics.registry().get("sentiment.cache.hits").counter().count()).isEqualTo(2);
    assertThat(metrics.registry().get("sentiment.cache.misses").counter().count()).isEqualTo(3);
    assertThat(metrics.registry().get("sentiment.cache.hit.ratio").gauge().value()).isEqualTo(0.4);
  }

  @Test
  void headSwapClearsTheCacheAndLabelsTheNextBatch() {
    scorer.score(List.of("hello"));
    scorer.replaceHead(head(2, ID, 4));
    List<Prediction> after = scorer.score(List.of("hello"));

    assertThat(encoder.embedded).containsExactly("hello", "hello");
    assertThat(after.get(0).modelVersion()).isEqualTo(2L);
    assertThat(metrics.registry().get("sentiment.model.version").gauge().value()).isEqualTo(2.0);
  }

  @Test
  void headForAnotherEncoderIsRefusedAndTheOldOneKeepsServing() {
    assertThatThrownBy(() -> scorer.replaceHead(head(3, new EncoderId("other", "ff"), 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other");
    assertThat(scorer.score(List.of("x")).get(0).modelVersion()).isEqualTo(1L);
  }
}
