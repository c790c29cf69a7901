package io.sentimentstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The facade on the real default encoder with generated heads. */
@Tag("integration")
class SentimentClassifierIT {
  private static Encoder encoder;

  @BeforeAll
  static void open() {
    encoder = Encoders.open(EncoderOptions.defaults());
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  private static Head head(long version, EncoderId id, int width) {
    Head h = HeadCodecTest.randomHead(Head.Type.MLP, width, version);
    return new Head(h.type(), id, Pooling.MEAN, version, h.w1(), h.b1(), h.w2(), h.b2(), Map.of());
  }

  @Test
  void classifiesCleanedTweetsInOrderWithVersionAndTruncation() {
    SentimentClassifier c = new SentimentClassifier(encoder, head(3, encoder.id(), 384));
    List<String> texts =
        List.of(TextCleaner.clean("RT @x: Great #GOPDebate http://t.co/x"), "", "bad ".repeat(100));
    List<Prediction> p = c.classify(texts);
    assertThat(p).hasSize(3);
    for (Prediction x : p) {
      assertThat(x.probabilities()[0] + x.probabilities()[1] + x.probabilities()[2])
          .isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-5f));
      assertThat(x.modelVersion()).isEqualTo(3);
      assertThat(x.probability(x.label())).isEqualTo(max(x.probabilities()));
    }
    assertThat(p).extracting(Prediction::truncated).containsExactly(false, false, true);
  }

  @Test
  void replacedHeadIsUsedByTheNextCall() {
    SentimentClassifier c = new SentimentClassifier(encoder, head(1, encoder.id(), 384));
    Head next = head(2, encoder.id(), 384);
    c.replaceHead(next);
    List<Prediction> p = c.classify(List.of("tweet"));
    assertThat(p.get(0).modelVersion()).isEqualTo(2);
    assertThat(p.get(0).probabilities())
        .containsExactly(next.probabilities(encoder.embed(List.of("tweet")).vectors())[0]);
  }

  @Test
  void headForAnotherEncoderIsRejectedAndTheOldHeadStays() {
    SentimentClassifier c = new SentimentClassifier(encoder, head(1, encoder.id(), 384));
    EncoderId other = new EncoderId("all-minilm-l6-v2", "00".repeat(32));
    assertThatThrownBy(() -> c.replaceHead(head(2, other, 384)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trained on encoder all-minilm-l6-v2");
    assertThat(c.head().version()).isEqualTo(1);
  }

  @Test
  void headOfAnotherWidthIsRejected() {
    assertThatThrownBy(() -> new SentimentClassifier(encoder, head(1, encoder.id(), 768)))
        .hasMessageContaining("expects width 768")
        .hasMessageContaining("produces 384");
  }

  @Test
  void openDefaultUsesTheBuiltInHeadOrSaysItIsMissing() {
    if (ModelBundle.class.getResource(ModelBundle.DEFAULT_RESOURCE_DIR + ModelBundle.HEAD_FILE)
        == null) {
      assertThatThrownBy(SentimentClassifier::openDefault)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("built-in default model missing");
    } else {
      try (SentimentClassifier c = SentimentClassifier.openDefault()) {
        assertThat(c.encoder().id()).isEqualTo(encoder.id());
        assertThat(c.classify(List.of("great debate"))).hasSize(1);
      }
    }
  }

  private static float max(float[] p) {
    return Math.max(p[0], Math.max(p[1], p[2]));
  }
}
