package io.sentimentstream.trainer.service.internals;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QualityGateTest {
  @Test
  void publishesWhenWithinToleranceOfServingAndAboveBaseline() {
    var d = QualityGate.decide(0.595, 0.60, 0.25, 0.01);
    assertThat(d.publish()).isTrue();
    assertThat(d.reason()).contains("0.5950", "0.6000");
  }

  @Test
  void rejectsWhenWorseThanServingByMoreThanTolerance() {
    var d = QualityGate.decide(0.58, 0.60, 0.25, 0.01);
    assertThat(d.publish()).isFalse();
    assertThat(d.reason()).contains("below the serving model's 0.6000");
  }

  @Test
  void rejectsWhenNotStrictlyBetterThanMajorityBaseline() {
    assertThat(QualityGate.decide(0.25, Double.NaN, 0.25, 0.01).publish()).isFalse();
    assertThat(QualityGate.decide(0.2, Double.NaN, 0.25, 0.5).reason())
        .contains("majority-class baseline");
  }

  @Test
  void withoutServingModelOnlyTheBaselineCounts() {
    assertThat(QualityGate.decide(0.3, Double.NaN, 0.25, 0.0).publish()).isTrue();
  }

  @Test
  void notANumberCandidateIsRejected() {
    assertThat(QualityGate.decide(Double.NaN, Double.NaN, 0.25, 0.0).publish()).isFalse();
  }
}
