package io.sentimentstream.trainer;

import static io.sentimentstream.classifier.Label.NEGATIVE;
import static io.sentimentstream.classifier.Label.NEUTRAL;
import static io.sentimentstream.classifier.Label.POSITIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
  @Test
  void computesPerClassAndMacroScoresLikeScikitLearn() {
    // sklearn: f1_score(average='macro') = 0.6222..., recall macro = 0.6111...
    var m =
        ClassificationMetrics.of(
            List.of(NEGATIVE, NEGATIVE, NEGATIVE, NEUTRAL, NEUTRAL, POSITIVE),
            List.of(NEGATIVE, NEGATIVE, NEUTRAL, NEUTRAL, POSITIVE, POSITIVE));
    assertThat(m.accuracy()).isCloseTo(4 / 6.0, within(1e-12));
    assertThat(m.precision(NEUTRAL)).isCloseTo(0.5, within(1e-12));
    assertThat(m.recall(NEGATIVE)).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(m.f1(NEGATIVE)).isCloseTo(0.8, within(1e-12));
    assertThat(m.macroF1()).isCloseTo((0.8 + 0.5 + 2 / 3.0) / 3, within(1e-12));
    assertThat(m.macroRecall()).isCloseTo((2 / 3.0 + 0.5 + 1) / 3, within(1e-12));
    assertThat(m.confusion()[0]).containsExactly(2, 1, 0);
  }

  @Test
  void majorityBaselineScoresZeroForClassesNeverPredicted() {
    var m =
        ClassificationMetrics.constant(List.of(NEGATIVE, NEGATIVE, NEUTRAL, POSITIVE), NEGATIVE);
    assertThat(m.f1(NEUTRAL)).isZero();
    assertThat(m.macroF1()).isCloseTo((2 * 0.5 / 1.5) / 3, within(1e-12));
  }

  @Test
  void tableShowsHeadlineNumbersAndConfusion() {
    var m = ClassificationMetrics.of(List.of(NEGATIVE, POSITIVE), List.of(NEGATIVE, NEGATIVE));
    assertThat(m.toTable())
        .contains("macro-F1 0.2222", "accuracy 0.5000", "POSITIVE")
        .contains("confusion (rows = true, columns = predicted)");
    assertThat(m.toMap()).containsEntry("accuracy", 0.5).containsKey("per_class");
  }
}
