package io.sentimentstream.trainer;

import io.sentimentstream.classifier.LayerDeltas.Target;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The recipe of fine-tuning: low-rank adapters on some Linear weights of the encoder's top layers,
 * trained together with the head (which starts from the frozen-encoder head). Example weights
 * (class, set, confidence) come from the {@link TrainParams} the frozen head was trained with.
 *
 * @param adaptedLayers how many of the top layers get adapters; the layers below stay frozen and
 *     their outputs are computed once per text
 * @param targets which Linear weights of an adapted layer get adapters
 * @param rank the adapters' inner dimension r
 * @param alpha deltas are scaled by alpha / rank
 * @param adapterLearningRate Adam's peak learning rate for the adapters
 * @param headLearningRate Adam's peak learning rate for the head
 * @param epochs most passes over the training texts
 * @param batchSize texts per step
 * @param patience epochs without a better mean validation macro-F1 before stopping
 * @param dropout dropout on the pooled vector before the head
 * @param seed seeds the initial adapters, the shuffling and dropout
 */
public record FineTuneParams(
    int adaptedLayers,
    Set<Target> targets,
    int rank,
    float alpha,
    float adapterLearningRate,
    float headLearningRate,
    int epochs,
    int batchSize,
    int patience,
    float dropout,
    long seed) {

  public FineTuneParams {
    require(adaptedLayers >= 1, "adapted layers must be >= 1, got " + adaptedLayers);
    require(targets != null && !targets.isEmpty(), "adapter targets must not be empty");
    require(rank >= 1, "adapter rank must be >= 1, got " + rank);
    require(alpha > 0, "adapter alpha must be > 0, got " + alpha);
    require(
        adapterLearningRate > 0, "adapter learning rate must be > 0, got " + adapterLearningRate);
    require(headLearningRate > 0, "head learning rate must be > 0, got " + headLearningRate);
    require(epochs >= 1, "fine-tuning epochs must be >= 1, got " + epochs);
    require(batchSize >= 1, "fine-tuning batch size must be >= 1, got " + batchSize);
    require(patience >= 1, "fine-tuning patience must be >= 1, got " + patience);
    require(dropout >= 0 && dropout < 1, "fine-tuning dropout must be in [0, 1), got " + dropout);
    targets = Collections.unmodifiableSet(EnumSet.copyOf(targets));
  }

  /** The recipe of the shipped default model (chosen on the validation splits; see the card). */
  public static FineTuneParams defaults() {
    return new FineTuneParams(
        12,
        EnumSet.of(Target.QUERY, Target.VALUE, Target.ATTENTION_OUTPUT, Target.OUTPUT),
        8,
        16f,
        5e-4f,
        5e-4f,
        2,
        32,
        2,
        0.1f,
        42);
  }

  /** This recipe with adapters in the top {@code layers} layers. */
  public FineTuneParams withAdaptedLayers(int layers) {
    return new FineTuneParams(
        layers,
        targets,
        rank,
        alpha,
        adapterLearningRate,
        headLearningRate,
        epochs,
        batchSize,
        patience,
        dropout,
        seed);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
