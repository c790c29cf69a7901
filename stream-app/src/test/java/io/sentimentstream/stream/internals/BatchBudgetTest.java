package io.sentimentstream.stream.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentimentstream.stream.StreamConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class BatchBudgetTest {
  private static final long MS = 1_000_000;
  private static final int MAX_TOKENS = 64;

  /** Cap values the budget reported, in order. */
  private final List<Integer> caps = new ArrayList<>();

  /** 32 texts of up to 64 tokens, 1000 ms per flush; 10 ms per pass + 0.1 ms per token. */
  private BatchBudget calibrated() {
    BatchBudget b = new BatchBudget(32, MAX_TOKENS, 4000, 0.25, caps::add);
    b.calibrate(new BatchBudget.Calibration(64, 10 + 6.4, 32 * 64, 10 + 204.8));
    return b;
  }

  @Test
  void fullBatchFitsWhenItsWorstCaseWithRetryIsUnderTheBudget() {
    BatchBudget b = calibrated();
    // 32 rows: 10 + 204.8 ms, retry 32 x 16.4 ms = 739 ms < 1000
    assertThat(b.cap()).isEqualTo(32);
    assertThat(b.worstCaseMs(32)).isCloseTo(739.6, org.assertj.core.data.Offset.offset(0.1));
  }

  @Test
  void twoSlowFullPassesShrinkTheCapAtOnceAndItGrowsBackWhenTheLoadGoes() {
    BatchBudget b = calibrated();
    long slow = (long) (3 * (10 + 0.1 * 32 * 28) * MS); // a full pass 3x slower than calibrated
    b.observe(32, 32 * 28, slow);
    assertThat(b.cap()).as("after one slow pass (noise, as far as it knows)").isGreaterThan(16);
    b.observe(32, 32 * 28, slow);
    int loaded = b.cap();
    assertThat(loaded).as("after two in a row").isLessThan(16);
    assertThat(b.worstCaseMs(loaded)).isLessThanOrEqualTo(1000);
    assertThat(b.worstCaseMs(loaded + 1)).isGreaterThan(1000);
    assertThat(caps).endsWith(loaded);

    for (int i = 0; i < 40; i++) { // back to calibrated speed
      b.observe(loaded, loaded * 28L, (long) ((10 + 0.1 * loaded * 28) * MS));
    }
    assertThat(b.cap()).isEqualTo(32);
    assertThat(caps).endsWith(32);
  }

  @Test
  void aSmallPartialBatchAtTheCalibratedSpeedLeavesTheCapAlone() {
    BatchBudget b = calibrated();
    for (int i = 0; i < 20; i++) {
      b.observe(2, 2 * 20, (long) ((10 + 0.1 * 40) * MS)); // two short tweets: mostly fixed cost
    }
    assertThat(b.cap()).isEqualTo(32);
  }

  @Test
  void hiccupsKeepTheCapSteadyAndTwoSlowFullPassesStillDropIt() {
    BatchBudget b = calibrated();
    // passes of one or two short tweets, every fifth 5x its calibrated time (a stream thread
    // sharing 2 cores with a broker), and every seventh a full pass, every third of those 3x
    // slow; the cap may settle lower, but it must not swing
    List<Integer> seen = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      int texts = i % 7 == 6 ? 32 : 1 + i % 2;
      double slow = i % 7 == 6 ? (i / 7 % 3 == 0 ? 3 : 1) : i % 5 == 4 ? 5 : 1;
      b.observe(texts, texts * 20L, (long) (slow * (10 + 0.1 * texts * 20) * MS));
      if (i >= 20) {
        seen.add(b.cap());
      }
    }
    List<Integer> sorted = seen.stream().sorted().toList();
    int median = sorted.get(sorted.size() / 2);
    int low = sorted.get(0);
    assertThat(seen)
        .as("cap after warm-up within 30%% of its median %d", median)
        .allMatch(c -> Math.abs(c - median) <= 0.3 * median);

    // two full passes in a row 4x slower: a real slowdown, taken at once
    b.observe(32, 32 * 28, (long) (4 * (10 + 0.1 * 32 * 28) * MS));
    b.observe(32, 32 * 28, (long) (4 * (10 + 0.1 * 32 * 28) * MS));
    assertThat(b.cap())
        .as("cap after a real slowdown, against %d before", low)
        .isLessThan(low * 2 / 3);
    // the cap shrinks once its worst case is over 1.2x the 1000 ms budget (hysteresis)
    assertThat(b.worstCaseMs(b.cap())).isLessThanOrEqualTo(1200);
  }

  @Test
  void passesAnsweredFromTheCacheSayNothing() {
    BatchBudget b = calibrated();
    b.observe(32, 0, 1); // all hits: ~0 ms for 32 texts
    assertThat(b.worstCaseMs(32)).isCloseTo(739.6, org.assertj.core.data.Offset.offset(0.1));
  }

  @Test
  void uncalibratedBudgetLearnsFromItsFirstPass() {
    BatchBudget b = new BatchBudget(32, 1, 400, 0.25, caps::add);
    assertThat(b.cap()).isEqualTo(32);
    b.observe(10, 10, 20 * MS); // 2 ms per text: n * 2 + n * 2 <= 100 -> 25
    assertThat(b.cap()).isEqualTo(25);
  }

  @Test
  void oneTextOverTheShareButInsideTheDeadlineRunsAtCapOne() {
    BatchBudget tight = new BatchBudget(32, MAX_TOKENS, 100, 0.25, caps::add);
    tight.calibrate(new BatchBudget.Calibration(64, 16.4, 32 * 64, 214.8));
    assertThat(tight.cap()).isEqualTo(1); // 33 ms for one text > 25 ms share
    assertThat(tight.oneTextFits()).isTrue(); // but < 100 ms deadline
    tight.requireOneTextFits();
  }

  @Test
  void refusesToStartOnlyWhenOneMaxLengthTextCannotFitTheDeadline() {
    BatchBudget hopeless = new BatchBudget(32, MAX_TOKENS, 30, 0.25, caps::add);
    hopeless.calibrate(new BatchBudget.Calibration(64, 16.4, 32 * 64, 214.8));
    assertThat(hopeless.oneTextFits()).isFalse();
    assertThatThrownBy(hopeless::requireOneTextFits)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("transaction.timeout.ms")
        .hasMessageContaining(StreamConfig.MODEL_MAX_LENGTH)
        .hasMessageContaining("=30 ms");
    calibrated().requireOneTextFits(); // 33 ms in a 4000 ms deadline: no exception
  }

  @Test
  void budgetIsTheFractionOfTheSmallerDeadline() {
    StreamConfig eos = new StreamConfig(Map.of("transaction.timeout.ms", "8000"));
    assertThat(BatchBudget.of(eos, 64, caps::add).budgetMs()).isEqualTo(2000);
    StreamConfig alos =
        new StreamConfig(
            Map.of("processing.guarantee", "at_least_once", "max.poll.interval.ms", "40000"));
    assertThat(BatchBudget.of(alos, 64, caps::add).budgetMs()).isEqualTo(10000);
  }
}
