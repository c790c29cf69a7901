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
 * @param validation metrics on the validation split (with offsets)
 * @param test metrics on the test split (with offsets)
 * @param majorityBaseline metrics on the test split of always answering the training set's most
 *     frequent label
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
    double embedSeconds,
    double trainSeconds) {}
