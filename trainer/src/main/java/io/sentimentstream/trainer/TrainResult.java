package io.sentimentstream.trainer;

import io.sentimentstream.classifier.Head;
import io.sentimentstream.trainer.internals.HeadFitter;
import java.util.List;

/**
 * What a training run produced.
 *
 * @param head the trained head (logit offsets folded into its last bias)
 * @param params the hyper-parameters used
 * @param history per-epoch losses and validation macro-F1
 * @param bestEpoch the epoch whose weights were kept
 * @param logitOffsets per-class offsets chosen on validation (zeros when not tuned)
 * @param validation metrics on all validation splits together (with offsets)
 * @param test metrics on all test splits together (with offsets)
 * @param majorityBaseline metrics on all test splits together of always answering the most frequent
 *     label of all training splits together
 * @param sets the same per data set, in input order
 * @param embedSeconds wall time spent embedding (0 when all came from the cache)
 * @param trainSeconds wall time spent fitting the head
 */
public record TrainResult(
    Head head,
    TrainParams params,
    List<HeadFitter.EpochStats> history,
    int bestEpoch,
    float[] logitOffsets,
    ClassificationMetrics validation,
    ClassificationMetrics test,
    ClassificationMetrics majorityBaseline,
    List<SetMetrics> sets,
    double embedSeconds,
    double trainSeconds) {
  public TrainResult {
    sets = List.copyOf(sets);
  }

  /** The mean over sets of each set's validation macro-F1: what recipes are chosen by. */
  public double meanValidationMacroF1() {
    return sets.stream().mapToDouble(s -> s.validation().macroF1()).average().orElse(0);
  }

  /** The mean over sets of each set's test macro-F1. */
  public double meanTestMacroF1() {
    return sets.stream().mapToDouble(s -> s.test().macroF1()).average().orElse(0);
  }
}
