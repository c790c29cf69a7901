package io.sentimentstream.trainer;

import io.sentimentstream.classifier.Head;

/**
 * Hyper-parameters of head training.
 *
 * @param headType MLP (Linear(H,512)-ReLU-Dropout-Linear(512,3)) or LINEAR (Linear(H,3))
 * @param epochs maximum number of epochs
 * @param learningRate Adam's learning rate
 * @param batchSize examples per optimiser step
 * @param seed seeds the split, the shuffling and the weight initialisation
 * @param patience stop after this many epochs without a better validation macro-F1
 * @param classWeightPower class weights are (N / (K * n_class)) ^ power: 0 = unweighted, 1 =
 *     inverse class frequency ("balanced")
 * @param confidenceWeights multiply each example's loss by its annotator confidence
 * @param tuneBias after training, add per-class logit offsets chosen on validation macro-F1
 * @param dropout dropout rate of the MLP's hidden layer
 * @param setWeightPower with several data sets, each set's examples are weighted (N / (S * n_set))
 *     ^ power on top of the class weights: 0 = every text counts the same (big sets dominate), 1 =
 *     every set has the same total weight
 */
public record TrainParams(
    Head.Type headType,
    int epochs,
    float learningRate,
    int batchSize,
    long seed,
    int patience,
    double classWeightPower,
    boolean confidenceWeights,
    boolean tuneBias,
    float dropout,
    double setWeightPower) {

  /** Width of the MLP's hidden layer (the tutorial's). */
  public static final int MLP_HIDDEN = 512;

  public TrainParams {
    require(epochs >= 1, "epochs must be >= 1, got " + epochs);
    require(learningRate > 0, "learning rate must be > 0, got " + learningRate);
    require(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
    require(patience >= 1, "patience must be >= 1, got " + patience);
    require(classWeightPower >= 0, "class weight power must be >= 0, got " + classWeightPower);
    require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
    require(setWeightPower >= 0, "set weight power must be >= 0, got " + setWeightPower);
  }

  /**
   * The retraining service's defaults (linear head, full class weights, logit offsets); the recipe
   * of the shipped default head is in its model card.
   */
  public static TrainParams defaults() {
    return new TrainParams(Head.Type.LINEAR, 60, 1e-3f, 64, 42, 8, 1.0, false, true, 0.1f, 0);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
