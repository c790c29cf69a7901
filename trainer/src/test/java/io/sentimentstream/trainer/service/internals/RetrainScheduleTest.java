package io.sentimentstream.trainer.service.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetrainScheduleTest {
  private final AtomicLong nanos = new AtomicLong();
  private final RetrainSchedule schedule = new RetrainSchedule(100, 10_000, nanos::get);

  private void advanceMs(long ms) {
    nanos.addAndGet(ms * 1_000_000);
  }

  @Test
  void isDueAfterEnoughLabelsOrAfterTheIntervalWithNewOnes() {
    schedule.labelsAdded(99);
    assertThat(schedule.due()).isFalse();
    schedule.labelsAdded(1);
    assertThat(schedule.due()).isTrue();

    schedule.started();
    schedule.finished(false);
    schedule.labelsAdded(1);
    advanceMs(9_999);
    assertThat(schedule.due()).isFalse();
    advanceMs(1);
    assertThat(schedule.due()).isTrue();
  }

  @Test
  void aFailedTrainingIsRetriedWithoutNewLabelsWithDoublingBackoff() {
    schedule.labelsAdded(100);
    schedule.started();
    assertThat(schedule.finished(true)).isEqualTo(1_000);

    assertThat(schedule.newLabels()).isZero();
    advanceMs(999);
    assertThat(schedule.due()).isFalse();
    advanceMs(1);
    assertThat(schedule.due()).as("retried with no new labels").isTrue();

    schedule.started();
    assertThat(schedule.finished(true)).isEqualTo(2_000);
    for (int i = 0; i < 5; i++) {
      schedule.started();
      schedule.finished(true);
    }
    schedule.started();
    assertThat(schedule.finished(true)).as("capped by the interval").isEqualTo(10_000);

    schedule.started();
    assertThat(schedule.finished(false)).isZero();
    advanceMs(60_000);
    assertThat(schedule.due()).as("no labels, no failure: nothing to do").isFalse();
  }
}
