package io.sentimentstream.trainer.internals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy with one weight per example, normalised by the sum of the weights
 * (PyTorch's {@code CrossEntropyLoss(weight=...)} with mean reduction when the weights are class
 * weights).
 *
 * <p>DJL's {@code SoftmaxCrossEntropyLoss} takes one scalar weight, not per-class or per-example
 * weights, hence this small loss. Labels: {@code [classIndex (int64, [N]), weight (float32, [N])]};
 * predictions: {@code [logits [N, K]]}. The caller folds class weights and (optionally) annotator
 * confidence into the per-example weight.
 */
public final class WeightedCrossEntropyLoss extends Loss {
  private final int classes;

  /** A loss over {@code classes} outputs. */
  public WeightedCrossEntropyLoss(int classes) {
    super("WeightedCrossEntropy");
    this.classes = classes;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray logits = predictions.singletonOrThrow();
    NDArray target = labels.get(0);
    NDArray weight = labels.get(1);
    NDArray logProb = logits.logSoftmax(1);
    NDArray picked = logProb.mul(target.oneHot(classes)).sum(new int[] {1});
    return picked.mul(weight).sum().neg().div(weight.sum());
  }
}
